import { worklistRoles, type WorklistCode } from '@dinsos/case-summary';
import { officeParameter, pageQueryOf } from '@dinsos/platform';
import { z } from 'zod';

export const worklistCodes = Object.keys(worklistRoles) as [WorklistCode, ...WorklistCode[]];

export interface WorklistCursor {
  dueAt: string | null;
  caseId: string;
  complaintId: string | null;
}

export function encodeWorklistCursor(cursor: WorklistCursor): string {
  return Buffer.from(JSON.stringify([cursor.dueAt, cursor.caseId, cursor.complaintId])).toString(
    'base64url',
  );
}

export function decodeWorklistCursor(text: string): WorklistCursor | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 3) return undefined;
    const [dueAt, caseId, complaintId] = decoded as unknown[];
    const validDue =
      dueAt === null || (typeof dueAt === 'string' && !Number.isNaN(Date.parse(dueAt)));
    if (
      !validDue ||
      typeof caseId !== 'string' ||
      caseId.length === 0 ||
      caseId.length > 100 ||
      !(complaintId === null || (typeof complaintId === 'string' && complaintId.length <= 100))
    ) {
      return undefined;
    }
    return { dueAt: dueAt as string | null, caseId, complaintId: complaintId as string | null };
  } catch {
    return undefined;
  }
}

export const WorklistParams = z.strictObject({ list: z.enum(worklistCodes) });

/** `GET /worklists/:list`: whose, which office, and paging. */
export const WorklistQuery = z.strictObject({
  assignee: z
    .literal('me')
    .optional()
    .describe("'me': only the items the caller holds (social worker, officer)"),
  office: officeParameter('worklist items'),
  ...pageQueryOf(decodeWorklistCursor).shape,
});
export type WorklistQuery = z.infer<typeof WorklistQuery>;
