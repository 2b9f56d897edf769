import { contextNames } from '@dinsos/contracts';
import { z } from 'zod';
import { purposeField } from '../case-record/case-record.requests';

export const HistoryQuery = z.object({
  purpose: purposeField,
  context: z.enum(contextNames).optional().describe('Only events of this context'),
  type: z.string().min(1).max(200).optional().describe('Only events of this type'),
  actor: z.string().min(1).max(200).optional().describe("Only events of this actor's id"),
  personalData: z
    .enum(['asStored', 'decrypted'])
    .default('asStored')
    .describe(
      'asStored (default): personal fields as the store holds them (ciphertext, or erased); decrypted: through the vault, for the purpose audit',
    ),
});
export type HistoryQuery = z.infer<typeof HistoryQuery>;
