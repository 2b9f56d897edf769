import { z } from 'zod';
import { PageQuery, officeParameter } from '@dinsos/platform';

export const boardSlaStates = ['onTrack', 'atRisk', 'breached'] as const;
export const boardStatuses = [
  'received',
  'verified',
  'declined',
  'assigned',
  'responded',
  'resolved',
] as const;

/** `GET /complaints`: which office, which SLA state, which status, and paging. */
export const SlaBoardQuery = z.strictObject({
  officeCode: officeParameter('complaints'),
  sla: z
    .enum(boardSlaStates)
    .optional()
    .describe(
      "The complaint's worst clock: breached (a clock past due or raised breached), atRisk (a running clock in its last fifth, or its last day), onTrack",
    ),
  status: z.enum(boardStatuses).optional(),
  ...PageQuery.shape,
});
export type SlaBoardQuery = z.infer<typeof SlaBoardQuery>;
