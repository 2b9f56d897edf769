import { z } from 'zod';
import { purposeField } from '../case-record/case-record.requests';

export const AsOfQuery = z
  .object({
    purpose: purposeField,
    position: z
      .string()
      .max(100)
      .optional()
      .describe(
        "A store position as the store writes it (an event's `position`): up to and including it",
      ),
    time: z.iso
      .datetime({ offset: true })
      .optional()
      .describe(
        'An instant with its offset: the events recorded at or before it, in position order',
      ),
  })
  .refine((query) => (query.position === undefined) !== (query.time === undefined), {
    message: 'give exactly one of position and time',
    path: ['position'],
  });
export type AsOfQuery = z.infer<typeof AsOfQuery>;
