import { z } from 'zod';

/**
 * Where the next page of a keyset-paged list starts: the last row's sort key and case, as the
 * list gave them. The key is PostgreSQL's text of the row's instant (`timestamptz::text`), or
 * `infinity` for a row that sorts after every instant (a list ordered by
 * `coalesce(due, 'infinity')`).
 */
export interface KeysetCursor {
  key: string;
  caseId: string;
}

/** A timestamptz as PostgreSQL writes it as text (any offset, up to microseconds), or infinity. */
const instantText =
  /^(infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2})$/;

/** The cursor as a client passes it back (`next`, then `after`): opaque, URL-safe. */
export function encodeKeysetCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.caseId])).toString('base64url');
}

/** The cursor a client passed, or undefined for anything `encodeKeysetCursor` never wrote. */
export function decodeKeysetCursor(text: string): KeysetCursor | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      decoded.length === 2 &&
      typeof decoded[0] === 'string' &&
      instantText.test(decoded[0]) &&
      typeof decoded[1] === 'string' &&
      decoded[1].length > 0
    ) {
      return { key: decoded[0], caseId: decoded[1] };
    }
  } catch {
    // not JSON: answered below as a bad cursor
  }
  return undefined;
}

/**
 * The paging parameters of a keyset-paged list whose cursor `decode` reads (`limit`, `after`):
 * for a list with a cursor of its own (several orders, keys that are not instants). Anything
 * `decode` does not accept is a 400 on `after`, like any other query problem.
 */
export function pageQueryOf<Cursor>(decode: (text: string) => Cursor | undefined) {
  return z.object({
    limit: z.coerce.number().int().min(1).max(200).default(50),
    after: z
      .string()
      .max(600)
      .transform((text, context) => {
        const cursor = decode(text);
        if (cursor === undefined) {
          context.addIssue({ code: 'custom', message: "must be a previous page's next cursor" });
          return z.NEVER;
        }
        return cursor;
      })
      .optional()
      .describe("The previous page's `next`"),
  });
}

/**
 * The paging parameters of a keyset-paged list (`limit`, `after`). Spread its shape into a
 * route's query schema, beside the route's own filters:
 * `z.strictObject({ officer: …, office: officeParameter('tracings'), ...PageQuery.shape })`.
 * A bad cursor is a 400 on `after`, like any other query problem.
 */
export const PageQuery = pageQueryOf(decodeKeysetCursor);
export type PageQuery = z.infer<typeof PageQuery>;

/**
 * The `office` parameter of an office-scoped list: one office's rows, by its Kemendagri code
 * (`36`, `3603`); absent, every office the caller's office covers. `noun` names the rows in the
 * plural for the documentation ("assessments").
 */
export function officeParameter(noun: string) {
  return z
    .string()
    .regex(/^\d{2}(\d{2})?$/, "must be a Kemendagri office code such as '36' or '3603'")
    .optional()
    .describe(`One office's ${noun} (default: every office the caller's office covers)`);
}
