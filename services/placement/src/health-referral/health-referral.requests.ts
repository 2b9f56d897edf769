import { z } from 'zod';
import { OrganisationBody, RecordedInstant, SignatoryBody } from '../placement/placement.requests';

const text = (max: number) => z.string().trim().min(1).max(max);

export const HealthReferralBody = z.strictObject({
  facility: OrganisationBody,
  reason: text(20_000).describe('The health condition (encrypted under the client key)'),
  signatory: SignatoryBody,
});
export type HealthReferralBody = z.infer<typeof HealthReferralBody>;

export const AdmissionBody = z.strictObject({ admittedAt: RecordedInstant });
export type AdmissionBody = z.infer<typeof AdmissionBody>;

export const LeaveFacilityBody = z.strictObject({
  leftAt: RecordedInstant,
  how: z.enum(['returned', 'discharged']),
  notes: text(20_000).optional(),
  /**
   * Required when discharged elsewhere than back: the office or a shelter. Not an institution:
   * institution care rests on consent and a referral, and its admission moves the custody (from
   * an institution named here no move could take the client on).
   */
  dischargedTo: z
    .discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('office') }),
      z.strictObject({ kind: z.literal('shelter'), organisation: OrganisationBody }),
    ])
    .optional(),
});
export type LeaveFacilityBody = z.infer<typeof LeaveFacilityBody>;

export const ReferralParams = z.strictObject({ caseId: text(100), referralId: text(100) });
export type ReferralParams = z.infer<typeof ReferralParams>;
