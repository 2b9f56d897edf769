import { ConsentGiverRole } from '@dinsos/contracts';
import { FileId, PersonBody } from '@dinsos/platform';
import { z } from 'zod';
import {
  LocalDay,
  OrganisationBody,
  RecordedInstant,
  SignatoryBody,
} from '../placement/placement.requests';

const text = (max: number) => z.string().trim().min(1).max(max);

export const ConsentBody = z.strictObject({
  givenBy: PersonBody.extend({ name: text(200) }),
  giverRole: ConsentGiverRole,
  letterDate: LocalDay,
  letterScanFileId: FileId.describe('The scan of the signed letter, uploaded first'),
  noFamilyConsentReason: text(1000)
    .optional()
    .describe(
      'Why no family member or guardian consented: required for a village official, a lurah or the head of Dinsos (no personal data)',
    ),
});
export type ConsentBody = z.infer<typeof ConsentBody>;

export const InstitutionReferralBody = z.strictObject({
  institution: OrganisationBody,
  consentId: text(100),
  signatory: SignatoryBody,
});
export type InstitutionReferralBody = z.infer<typeof InstitutionReferralBody>;

export const InstitutionAdmissionBody = z.strictObject({ admittedAt: RecordedInstant });
export type InstitutionAdmissionBody = z.infer<typeof InstitutionAdmissionBody>;

export const ReviewBody = z.strictObject({
  reviewedOn: LocalDay.optional().describe("Absent: today in the office's time zone"),
  outcome: z.enum(['continue', 'prepareDischarge']),
  notes: text(20_000).optional(),
});
export type ReviewBody = z.infer<typeof ReviewBody>;

export const ExtensionBody = z.strictObject({
  extendedUntil: LocalDay,
  reason: text(1000).describe('Why the stay is extended (no personal data)'),
});
export type ExtensionBody = z.infer<typeof ExtensionBody>;

export const DischargeBody = z.strictObject({
  dischargedAt: RecordedInstant,
  destination: z.discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('family'),
      personIds: z
        .array(text(100))
        .min(1)
        .describe('Family members tracing or a safety assessment named'),
    }),
    z.strictObject({ kind: z.literal('lks'), organisation: OrganisationBody }),
    z.strictObject({ kind: z.literal('otherInstitution'), organisation: OrganisationBody }),
    z.strictObject({ kind: z.literal('independentLiving') }),
  ]),
});
export type DischargeBody = z.infer<typeof DischargeBody>;
