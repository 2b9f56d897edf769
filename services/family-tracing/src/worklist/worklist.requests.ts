import { z } from 'zod';
import { PageQuery, officeParameter } from '@dinsos/platform';

/** `GET /tracings`: whose, which office, and paging. */
export const WorklistQuery = z.strictObject({
  officer: z
    .literal('me')
    .optional()
    .describe("'me': only the tracings the caller is the tracing officer of"),
  office: officeParameter('tracings'),
  ...PageQuery.shape,
});
export type WorklistQuery = z.infer<typeof WorklistQuery>;
