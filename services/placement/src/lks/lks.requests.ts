import { z } from 'zod';
import { RecordedInstant, SignatoryBody } from '../placement/placement.requests';

const text = (max: number) => z.string().trim().min(1).max(max);

export const LksReferralBody = z.strictObject({
  lksCode: text(100).describe("The LKS's code in the owning office's registry (GET lks-registry)"),
  signatory: SignatoryBody,
});
export type LksReferralBody = z.infer<typeof LksReferralBody>;

export const LksHandoverBody = z.strictObject({
  handedOverAt: RecordedInstant,
  place: text(300).describe('Where the handover took place (not personal)'),
  handedOverBy: SignatoryBody,
  receivedBy: SignatoryBody.describe("The LKS's representative"),
  witnesses: z.array(SignatoryBody).max(10).default([]),
  belongings: z.array(text(500)).max(50).default([]),
});
export type LksHandoverBody = z.infer<typeof LksHandoverBody>;
