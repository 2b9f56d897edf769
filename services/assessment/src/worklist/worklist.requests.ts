import { z } from 'zod';
import { PageQuery, officeParameter } from '@dinsos/platform';
import { worklistStages } from './worklist.projection';

/** `GET /assessments`: whose, which office, which stage, and paging. */
export const WorklistQuery = z.strictObject({
  assignee: z
    .literal('me')
    .optional()
    .describe("'me': only the assessments the caller is the social worker of"),
  office: officeParameter('assessments'),
  stage: z.enum(worklistStages).optional(),
  ...PageQuery.shape,
});
export type WorklistQuery = z.infer<typeof WorklistQuery>;
