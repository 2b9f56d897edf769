import { z } from 'zod';

/** Case ids are office case numbers (`3603-2026-000123`): no slashes, nothing a stream id refuses. */
export const CaseParams = z.object({
  caseId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be a case number such as 3603-2026-000123'),
});

/** Every route states its purpose (the ReadContext reads and checks it): documented here. */
export const purposeField = z
  .string()
  .optional()
  .describe('Why you read this (3–500 characters); or the X-Purpose header. Required.');
