import { z } from 'zod';

const Reason = z.string().trim().min(1).max(1000);

/** Make a tracing officer responsible; a reassignment needs a reason (about the work). */
export const AssignTracingOfficerBody = z.strictObject({
  officerId: z.string().trim().min(1).max(100).describe('Actor id of the tracing officer'),
  reason: Reason.optional().describe('Why it changes hands: required when someone else has it'),
});
export type AssignTracingOfficerBody = z.infer<typeof AssignTracingOfficerBody>;

/** Take the tracing as the officer responsible. */
export const TakeTracingBody = z.strictObject({
  reason: Reason.optional().describe('Why you take it over from the officer who has it'),
});
export type TakeTracingBody = z.infer<typeof TakeTracingBody>;
