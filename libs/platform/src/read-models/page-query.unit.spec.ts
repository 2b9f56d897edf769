// The paging parameters of a read model's list: the opaque keyset cursor and the zod fragments
// a route spreads into its query schema (pure).
import { z } from 'zod';
import { openApiSchemaOf } from '../validation/zod-validation';
import { PageQuery, decodeKeysetCursor, encodeKeysetCursor, officeParameter } from './page-query';

const raw = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('the keyset cursor', () => {
  it('round-trips the last row’s key (PostgreSQL’s text of an instant, or infinity) and case', () => {
    for (const key of [
      '2026-03-06 16:59:59.999+00',
      '2026-03-05 10:00:00.123456+07',
      '2026-03-05 10:00:00+05:30',
      'infinity',
    ]) {
      const cursor = { key, caseId: '3603-2026-000007' };
      const text = encodeKeysetCursor(cursor);
      expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeKeysetCursor(text)).toEqual(cursor);
    }
  });

  it('keeps the encoding of the cursors already handed out: base64url of [key, caseId]', () => {
    expect(encodeKeysetCursor({ key: 'infinity', caseId: 'c' })).toBe(raw(['infinity', 'c']));
  });

  it('refuses what it never wrote', () => {
    for (const text of [
      'not-a-cursor',
      raw({ key: 'infinity', caseId: 'c' }),
      raw(['infinity']),
      raw(['infinity', 'c', 'd']),
      raw(['yesterday', 'c']),
      raw(["2026-03-06 16:59:59+00'; drop table worklist; --", 'c']),
      raw(['2026-03-06T16:59:59Z', 'c']),
      raw(['infinity', '']),
      raw(['infinity', 7]),
      raw([1, 'c']),
    ]) {
      expect(decodeKeysetCursor(text)).toBeUndefined();
    }
  });
});

describe('PageQuery and officeParameter', () => {
  const Query = z.strictObject({
    officer: z.literal('me').optional(),
    office: officeParameter('visits'),
    ...PageQuery.shape,
  });

  it('pages by 50 unless asked, and decodes `after`', () => {
    expect(Query.parse({})).toEqual({ limit: 50 });
    const after = encodeKeysetCursor({ key: 'infinity', caseId: 'c' });
    expect(Query.parse({ limit: '200', after, office: '36' })).toEqual({
      limit: 200,
      after: { key: 'infinity', caseId: 'c' },
      office: '36',
    });
  });

  it('names each bad parameter', () => {
    const checked = Query.safeParse({
      office: 'Tangerang',
      limit: '0',
      after: 'not-a-cursor',
    });
    expect(checked.success).toBe(false);
    expect(checked.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual(
      expect.arrayContaining([
        ['office', "must be a Kemendagri office code such as '36' or '3603'"],
        ['limit', expect.any(String)],
        ['after', "must be a previous page's next cursor"],
      ]),
    );
    expect(Query.safeParse({ limit: '201' }).success).toBe(false);
    expect(Query.safeParse({ after: 'x'.repeat(501) }).success).toBe(false);
  });

  it('documents each parameter for OpenAPI, the office in the list’s own words', () => {
    const schema = openApiSchemaOf(Query) as {
      properties: Record<string, { description?: string }>;
      required?: string[];
    };
    expect(Object.keys(schema.properties)).toEqual(['officer', 'office', 'limit', 'after']);
    expect(schema.properties.office.description).toBe(
      "One office's visits (default: every office the caller's office covers)",
    );
    expect(schema.properties.after.description).toBe("The previous page's `next`");
    expect(schema.required ?? []).toEqual([]);
  });
});
