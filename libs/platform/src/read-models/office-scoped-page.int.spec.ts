// A page of an office-scoped read model on real PostgreSQL: the caller's office scope (a province
// its regencies too, a regency only itself), the 403 for an office not covered, the list's own
// filters, most urgent first with ties by case and no due last, every row once across pages
// (microseconds and infinity in the cursor), and what the page says it reflects.
import { ForbiddenException } from '@nestjs/common';
import { createTestDatabase, type TestDatabase } from '@dinsos/testing';
import { Pool } from 'pg';
import { officeScopedPage, type OfficeScopedList, type PageRequest } from './office-scoped-page';
import { decodeKeysetCursor, type PageQuery } from './page-query';

interface StoredVisit {
  case_id: string;
  office_code: string;
  started: boolean;
  officer_id: string | null;
  next_due_at: Date | null;
}

const visits: OfficeScopedList = {
  projection: 'visits-due',
  table: 'visits_due',
  listed: 'started',
  orderBy: "coalesce(next_due_at, 'infinity'::timestamptz)",
  noun: 'visits',
};

describe('officeScopedPage (real PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;
  const now = new Date('2026-03-06T03:00:00.000Z');
  const checkpoints: string[] = [];
  let reflects: string | undefined = '42';
  const sources = () => ({
    pool,
    clock: { now: () => now },
    projections: {
      checkpoint: async (name: string) => {
        checkpoints.push(name);
        return reflects;
      },
    },
  });

  const page = (
    officeCode: string,
    query: Partial<PageQuery> & { office?: string } = {},
    where?: PageRequest<StoredVisit, string>['where'],
  ) =>
    officeScopedPage<StoredVisit, string>(sources(), visits, {
      actor: { officeCode },
      query: { limit: 50, ...query },
      where,
      itemOf: (stored) => stored.case_id,
    });

  /** Every page of a list, by `limit`, following `next`. */
  const allPages = async (officeCode: string, limit: number) => {
    const pages: string[][] = [];
    let after: PageQuery['after'];
    for (;;) {
      const answer = await page(officeCode, { limit, after });
      pages.push(answer.items);
      if (!answer.next) return pages;
      after = decodeKeysetCursor(answer.next);
    }
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.ownerUrl, max: 2 });
    await pool.query(`
      create table visits_due (
        case_id text primary key,
        office_code text not null,
        started boolean not null,
        officer_id text,
        next_due_at timestamptz
      );
      insert into visits_due values
        ('a', '3603', true, 'siti', '2026-03-06T10:00:00Z'),
        ('b', '3603', true, 'budi', '2026-03-06T10:00:00Z'),
        ('c', '3603', true, null, null),
        ('d', '3601', true, 'dewi', '2026-03-01T10:00:00Z'),
        ('e', '3603', false, 'siti', '2026-03-02T10:00:00Z'),
        ('f', '36', true, 'rudi', '2026-03-07T10:00:00Z'),
        ('g', '3603', true, 'siti', '2026-03-06T09:59:59.999999Z'),
        ('h', '3603', true, 'budi', '2026-03-06T09:59:59.999998Z');
    `);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it("lists a regency's own rows, most urgent first, ties by case, no due last", async () => {
    const answer = await page('3603');
    expect(answer).toEqual({
      items: ['h', 'g', 'a', 'b', 'c'],
      next: null,
      asOf: '2026-03-06T03:00:00.000Z',
      reflects: '42',
    });
    expect(checkpoints.at(-1)).toBe('visits-due');
  });

  it("gives a province its own rows and its regencies', or one office it covers", async () => {
    expect((await page('36')).items).toEqual(['d', 'h', 'g', 'a', 'b', 'f', 'c']);
    expect((await page('36', { office: '3601' })).items).toEqual(['d']);
    expect((await page('36', { office: '36' })).items).toEqual(['f']);
    expect((await page('3603', { office: '3603' })).items).toEqual(['h', 'g', 'a', 'b', 'c']);
  });

  it('refuses an office the caller does not cover with a 403 that names both', async () => {
    for (const [actor, office] of [
      ['3603', '3601'],
      ['3603', '36'],
      ['36', '64'],
      ['36', '6471'],
    ]) {
      const refused = page(actor, { office });
      await expect(refused).rejects.toBeInstanceOf(ForbiddenException);
      await expect(refused).rejects.toThrow(
        `Office ${office} is outside what office ${actor} sees: ask for your own office's visits.`,
      );
    }
  });

  it("applies the list's own filters, and none for an absent value", async () => {
    expect((await page('36', {}, { officer_id: 'siti' })).items).toEqual(['g', 'a']);
    expect((await page('36', {}, { officer_id: null })).items).toHaveLength(7);
    expect((await page('36', {}, { officer_id: undefined })).items).toHaveLength(7);
    expect((await page('36', { office: '3603' }, { officer_id: 'budi' })).items).toEqual([
      'h',
      'b',
    ]);
    await expect(page('36', {}, { 'officer_id = officer_id or true --': 'x' })).rejects.toThrow(
      'not a column name',
    );
  });

  it('pages by (key, case): every row once, in order, with microseconds and no due', async () => {
    for (const limit of [1, 2, 3, 7]) {
      const pages = await allPages('36', limit);
      expect(pages.flat()).toEqual(['d', 'h', 'g', 'a', 'b', 'f', 'c']);
      expect(pages.slice(0, -1).every((items) => items.length === limit)).toBe(true);
    }
    const first = await page('3603', { limit: 4 });
    expect(first.items).toEqual(['h', 'g', 'a', 'b']);
    // The last row's key as PostgreSQL writes it (in the session's zone), and its case.
    expect(decodeKeysetCursor(first.next!)).toEqual({ key: expect.any(String), caseId: 'b' });
    expect(
      (await page('3603', { after: { key: '2026-03-06 09:59:59.999998+00', caseId: 'h' } })).items,
    ).toEqual(['g', 'a', 'b', 'c']);
    expect((await page('3603', { after: { key: 'infinity', caseId: 'b' } })).items).toEqual(['c']);
    expect((await page('3603', { after: { key: 'infinity', caseId: 'c' } })).items).toEqual([]);
  });

  it('answers each row as stored, at the page’s instant, and null before the first event', async () => {
    reflects = undefined;
    const answer = await officeScopedPage<StoredVisit, object>(sources(), visits, {
      actor: { officeCode: '3601' },
      query: { limit: 50 },
      itemOf: (stored, at) => ({ ...stored, at }),
    });
    expect(answer.reflects).toBeNull();
    expect(answer.items).toEqual([
      {
        case_id: 'd',
        office_code: '3601',
        started: true,
        officer_id: 'dewi',
        next_due_at: new Date('2026-03-01T10:00:00Z'),
        at: now,
      },
    ]);
  });
});
