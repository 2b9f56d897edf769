import { ReferralReason, ReportSourceKind, schemas } from '@dinsos/contracts';
import { FileId, PersonBody } from '@dinsos/platform';
import { z } from 'zod';
import { ClientIdentityBody } from '../client/client.requests';
import { CaseId, SubjectId, text } from '../requests';

/**
 * What intake's routes accept, as officers send it: plaintext, validated here (400 with every
 * field problem), encrypted per person before it becomes an event. No rules here.
 */

export const ReceiveReportBody = z
  .strictObject({
    /** The receiving office; default: the officer's own. */
    officeCode: schemas.OfficeCode.optional(),
    /** When the office runs several standards. */
    standardCode: text(100).optional(),
    clientCategory: schemas.ClientCategory,
    source: z.strictObject({
      kind: ReportSourceKind,
      name: text(300).optional(),
      regionCode: schemas.RegionCode.optional(),
    }),
    letter: z
      .strictObject({
        number: text(200),
        date: schemas.IsoDate.optional(),
        issuer: text(300),
        reason: ReferralReason.optional(),
        scanFileId: FileId.optional(),
      })
      .optional(),
    foundAt: z
      .strictObject({
        regionCode: schemas.RegionCode.optional(),
        description: text(1000).optional(),
      })
      .optional(),
    foundOn: schemas.IsoDate.optional(),
    circumstances: text(20_000).optional(),
    reporter: PersonBody.optional(),
    escorts: z.array(PersonBody).max(20).default([]),
    /** The identity as known; leave out for a returning client whose identity is unchanged. */
    client: ClientIdentityBody.optional(),
    /** The subject id an upload answered, for a new client whose files were uploaded first. */
    clientId: SubjectId.optional(),
    /** A client who came before (found by the duplicate check). */
    returningClientId: SubjectId.optional(),
    /** The case of another office that referred the client here. */
    referredFromCaseId: CaseId.optional(),
  })
  .refine((body) => !(body.clientId && body.returningClientId), {
    message: 'give clientId (new client) or returningClientId (returning client), not both',
    path: ['returningClientId'],
  })
  .refine((body) => !(body.client?.dateOfBirth && body.client.estimatedAgeYears !== undefined), {
    message: 'give the date of birth or, when it is unknown, an estimated age',
    path: ['client', 'estimatedAgeYears'],
  });
export type ReceiveReportBody = z.infer<typeof ReceiveReportBody>;

export const CheckRequirementsBody = z.strictObject({
  requirements: z
    .array(
      z.discriminatedUnion('status', [
        z.strictObject({ code: text(100), status: z.literal('met') }),
        z.strictObject({
          code: text(100),
          status: z.literal('missing'),
          reason: text(1000).optional(),
        }),
        z.strictObject({ code: text(100), status: z.literal('notApplicable'), reason: text(1000) }),
      ]),
    )
    .min(1)
    .max(50),
});
export type CheckRequirementsBody = z.infer<typeof CheckRequirementsBody>;

export const HandOverBody = z.strictObject({
  shelter: z.strictObject({
    name: text(300),
    code: text(100).optional(),
    regionCode: schemas.RegionCode.optional(),
  }),
  /** The reporter's or an escort's personId, as the case detail lists them. */
  handedOverByPersonId: SubjectId,
  /** The shelter officer who receives the client. */
  receivedBy: z.strictObject({ name: text(200), position: text(200).optional() }),
  /** Where the handover takes place; default: the shelter. */
  place: text(300).optional(),
  /**
   * One item each, without line breaks: the event keeps them as one text, an item a line, which
   * the BAST is regenerated from.
   */
  belongings: z
    .array(text(500).refine((item) => !/[\r\n]/.test(item), 'one item, without line breaks'))
    .max(50)
    .default([]),
});
export type HandOverBody = z.infer<typeof HandOverBody>;

export const TransferBody = z.strictObject({
  toOfficeCode: schemas.OfficeCode,
  reason: text(1000),
});
export type TransferBody = z.infer<typeof TransferBody>;

export const ReferBody = z.strictObject({
  toOfficeCode: schemas.OfficeCode,
  reason: ReferralReason,
  note: text(1000).optional(),
  /** Who signs the referral letter (head of the office or a delegate). */
  signatory: z.strictObject({
    name: text(200),
    position: text(200),
    nip: z
      .string()
      .regex(/^\d{18}$/, 'an NIP has 18 digits')
      .optional(),
  }),
});
export type ReferBody = z.infer<typeof ReferBody>;

export const BiometricsBody = z.strictObject({
  captures: z
    .array(
      z.strictObject({
        modality: z.enum(['fingerprint', 'iris', 'photo']),
        position: text(50).optional(),
        fileId: FileId,
        capturedAt: schemas.IsoDateTime,
      }),
    )
    .min(1)
    .max(20),
});
export type BiometricsBody = z.infer<typeof BiometricsBody>;

export const CaseIdParams = z.strictObject({ caseId: CaseId });
