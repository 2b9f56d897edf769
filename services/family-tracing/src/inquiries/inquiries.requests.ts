import { InquiryChannel, schemas } from '@dinsos/contracts';
import { FileId } from '@dinsos/platform';
import { z } from 'zod';

/**
 * What tracing officers send about inquiries. Strict (an unknown field is a 400) and bounded
 * below the contracts' limits, so whatever is accepted can be stored and published.
 */

const Text = (description: string, max: number) =>
  z.string().trim().min(1).max(max).describe(description);
const LocalDate = z.iso.date().describe("A day in the owning office's calendar, YYYY-MM-DD");
const Instant = z.iso
  .datetime({ offset: true })
  .describe('ISO 8601 with its offset, e.g. 2026-03-04T10:30:00+07:00');
const Id = z.string().trim().min(1).max(100);
const Upload = FileId.describe('A fileId answered by POST /tracings/{caseId}/letters');

export const InquiryParams = z.strictObject({
  caseId: Id,
  inquiryId: Id,
});
/** Named apart from the schema: a parameter typed like a value is read by OpenAPI as a class. */
export type InquiryPath = z.infer<typeof InquiryParams>;

/** Digits of a Kemendagri region code: 2 province, 4 regency/city, 6 kecamatan, 10 kelurahan/desa. */
const digitsOf = (regionCode: string) => regionCode.replace(/\./g, '').length;
const regionLevelOf: Partial<Record<InquiryChannel, { digits: number; words: string }>> = {
  village: { digits: 10, words: 'a kelurahan/desa code (10 digits, e.g. 36.03.12.2001)' },
  district: { digits: 6, words: 'a kecamatan code (6 digits, e.g. 36.03.12)' },
};

export const SendInquiryBody = z
  .strictObject({
    channel: InquiryChannel,
    addressee: z
      .strictObject({
        name: Text('Who is asked, as the letter names them (an office, not a person)', 300),
        regionCode: schemas.RegionCode.optional().describe(
          'The Kemendagri code of the region asked: required for a kelurahan/desa or kecamatan',
        ),
        code: Id.optional().describe('Registration or internal code of the addressee, if any'),
      })
      .describe('Who the letter goes to'),
    letterNumber: Text('The number of the letter as sent', 200),
    letter: Upload.describe('The scanned letter as sent (fileId of an upload)'),
    candidateId: Id.optional().describe('The possible family member it asks about, if one'),
    periodDays: z
      .int()
      .min(1)
      .max(366)
      .optional()
      .describe(
        "Calendar days the addressee has to answer: at most the standard's inquiry period, which is the default",
      ),
  })
  .superRefine((body, context) => {
    const level = regionLevelOf[body.channel];
    if (!level) return;
    const { regionCode } = body.addressee;
    if (regionCode === undefined || digitsOf(regionCode) !== level.digits) {
      context.addIssue({
        code: 'custom',
        path: ['addressee', 'regionCode'],
        message: `an inquiry to the ${body.channel === 'village' ? 'kelurahan/desa' : 'kecamatan'} of origin names it by ${level.words}`,
      });
    }
  });
export type SendInquiryBody = z.infer<typeof SendInquiryBody>;

export const AnswerInquiryBody = z.strictObject({
  answeredOn: LocalDate.describe('The day the answer came, in the office calendar'),
  answer: Text('What the answer says', 20_000),
  evidence: z
    .array(Upload)
    .max(20)
    .refine((ids) => new Set(ids).size === ids.length, 'each file once')
    .default([])
    .describe('Scans of the answer and its attachments (fileIds of uploads)'),
});
export type AnswerInquiryBody = z.infer<typeof AnswerInquiryBody>;

export const RecordBiometricsBody = z.strictObject({
  captures: z
    .array(
      z.strictObject({
        modality: z.enum(['fingerprint', 'iris']),
        position: Text('Which finger or eye, e.g. rightThumb, leftIris', 50).optional(),
        file: Upload.describe('The capture, uploaded first (never sent in JSON)'),
        capturedAt: Instant,
      }),
    )
    .min(1)
    .max(12),
});
export type RecordBiometricsBody = z.infer<typeof RecordBiometricsBody>;

export const IdentityVerificationBody = z
  .strictObject({
    nikFound: z.boolean(),
    nik: schemas.Nik.optional().describe('The NIK Disdukcapil found (16 digits)'),
    familyCardNumber: schemas.FamilyCardNumber.optional().describe(
      'The family card (KK) number Disdukcapil found (16 digits)',
    ),
    matchLevel: z.enum(['high', 'medium', 'low', 'none']),
    answeredBy: z
      .strictObject({
        name: Text('Name of who answered at Disdukcapil', 200),
        position: Text('Their position', 200),
      })
      .describe('Who answered at Disdukcapil'),
    answeredAt: Instant.describe('When Disdukcapil answered'),
  })
  .superRefine((body, context) => {
    if (body.nikFound) return;
    for (const field of ['nik', 'familyCardNumber'] as const) {
      if (body[field] !== undefined) {
        context.addIssue({
          code: 'custom',
          path: [field],
          message: 'is given only when Disdukcapil found a NIK (nikFound true)',
        });
      }
    }
  });
export type IdentityVerificationBody = z.infer<typeof IdentityVerificationBody>;

export const RecordConsentBody = z.strictObject({
  givenBy: z.enum(['client', 'guardian', 'headOfDinsos']).describe('Who consented'),
  scan: Upload.optional().describe('The signed consent (fileId of an upload)'),
});
export type RecordConsentBody = z.infer<typeof RecordConsentBody>;
