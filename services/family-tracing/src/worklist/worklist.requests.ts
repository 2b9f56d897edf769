import { z } from 'zod';

/** Where the next page starts: the last row's (due, case), as the list gave it. */
export interface WorklistCursor {
  /** PostgreSQL's text of the row's earliest due instant. */
  due: string;
  caseId: string;
}

const dueText = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2}$/;

export function encodeCursor(cursor: WorklistCursor): string {
  return Buffer.from(JSON.stringify([cursor.due, cursor.caseId])).toString('base64url');
}

function decodeCursor(text: string): WorklistCursor | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      typeof decoded[0] === 'string' &&
      dueText.test(decoded[0]) &&
      typeof decoded[1] === 'string' &&
      decoded[1].length > 0
    ) {
      return { due: decoded[0], caseId: decoded[1] };
    }
  } catch {
    // not JSON: answered below as a bad cursor
  }
  return undefined;
}

/** `GET /tracings`: whose, which office, and paging. */
export const WorklistQuery = z.strictObject({
  officer: z
    .literal('me')
    .optional()
    .describe("'me': only the tracings the caller is the tracing officer of"),
  office: z
    .string()
    .regex(/^\d{2}(\d{2})?$/, "must be a Kemendagri office code such as '36' or '3603'")
    .optional()
    .describe("One office's tracings (default: every office the caller's office covers)"),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  after: z
    .string()
    .max(500)
    .transform((text, context) => {
      const cursor = decodeCursor(text);
      if (!cursor) {
        context.addIssue({ code: 'custom', message: "must be a previous page's next cursor" });
        return z.NEVER;
      }
      return cursor;
    })
    .optional()
    .describe("The previous page's `next`"),
});
export type WorklistQuery = z.infer<typeof WorklistQuery>;
