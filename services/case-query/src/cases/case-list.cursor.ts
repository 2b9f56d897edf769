/**
 * The case list's orders and its opaque keyset cursor: the order it was made for, the last row's
 * sort key (PostgreSQL's text of it) and case. A cursor is good only for the order that made it.
 */
export const caseListSorts = ['openedAt', '-openedAt', 'nextDueAt', 'caseNumber'] as const;
export type CaseListSort = (typeof caseListSorts)[number];

interface SortSql {
  /** The sort key; never null, so keyset comparisons hold. */
  key: string;
  type: 'timestamptz' | 'text';
  descending: boolean;
}

/** SQL of each order, written here (never from a request). */
export const caseListSortSql: Readonly<Record<CaseListSort, SortSql>> = {
  // A case not opened yet sorts by its report.
  openedAt: {
    key: "coalesce(opened_at, reported_at, '-infinity'::timestamptz)",
    type: 'timestamptz',
    descending: false,
  },
  '-openedAt': {
    key: "coalesce(opened_at, reported_at, '-infinity'::timestamptz)",
    type: 'timestamptz',
    descending: true,
  },
  // Most urgent first; nothing due last.
  nextDueAt: {
    key: "coalesce(next_due_at, 'infinity'::timestamptz)",
    type: 'timestamptz',
    descending: false,
  },
  caseNumber: { key: "coalesce(case_number, '')", type: 'text', descending: false },
};

export interface CaseListCursor {
  sort: CaseListSort;
  key: string;
  caseId: string;
}

const instantText =
  /^(-?infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2}){0,2})$/;

export function encodeCaseListCursor(cursor: CaseListCursor): string {
  return Buffer.from(JSON.stringify([cursor.sort, cursor.key, cursor.caseId])).toString(
    'base64url',
  );
}

/** The cursor a client passed back, or undefined for anything the list never wrote. */
export function decodeCaseListCursor(text: string): CaseListCursor | undefined {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(decoded) || decoded.length !== 3) return undefined;
    const [sort, key, caseId] = decoded as unknown[];
    if (
      typeof sort !== 'string' ||
      !(caseListSorts as readonly string[]).includes(sort) ||
      typeof key !== 'string' ||
      key.length > 200 ||
      typeof caseId !== 'string' ||
      caseId.length === 0 ||
      caseId.length > 100
    ) {
      return undefined;
    }
    const order = caseListSortSql[sort as CaseListSort];
    if (order.type === 'timestamptz' && !instantText.test(key)) return undefined;
    return { sort: sort as CaseListSort, key, caseId };
  } catch {
    return undefined;
  }
}
