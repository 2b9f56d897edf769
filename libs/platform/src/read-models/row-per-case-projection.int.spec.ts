// The one-row-per-case projection on real PostgreSQL: per batch the cases' rows read once, the
// events folded in the store's order into rows new and stored, all written back in one
// statement (text, int, arrays, jsonb, timestamptz and derived columns), and emptied on reset.
import { Position, type RecordedEvent } from '@dinsos/event-store';
import { createTestDatabase, type TestDatabase } from '@dinsos/testing';
import { Pool, type PoolClient } from 'pg';
import { caseIdOf, rowPerCaseProjection } from './row-per-case-projection';

interface Visits {
  caseId: string;
  officeCode: string;
  days: string[];
  notes: Record<string, { by: string }>;
  nextDueAt: string | null;
}

interface StoredVisits {
  case_id: string;
  office_code: string;
  days: string[];
  notes: Visits['notes'];
  next_due_at: Date | null;
}

const visits = rowPerCaseProjection<Visits, StoredVisits>({
  name: 'visits',
  filter: { types: ['VisitNoted', 'VisitDue'] },
  table: 'visits',
  columns: `case_id text, office_code text, days text[], notes jsonb, visits int,
    next_due_at timestamptz`,
  fold(row, event) {
    const visits = row ?? {
      caseId: caseIdOf(event),
      officeCode: event.officeCode,
      days: [],
      notes: {},
      nextDueAt: null,
    };
    const payload = event.payload as { day?: string; by?: string; dueAt?: string };
    switch (event.type) {
      case 'VisitNoted':
        return {
          ...visits,
          days: [...visits.days, payload.day!],
          notes: { ...visits.notes, [payload.day!]: { by: payload.by! } },
        };
      case 'VisitDue':
        return { ...visits, nextDueAt: payload.dueAt! };
      default:
        return visits;
    }
  },
  rowOf: (stored) => ({
    caseId: stored.case_id,
    officeCode: stored.office_code,
    days: stored.days,
    notes: stored.notes,
    nextDueAt: stored.next_due_at?.toISOString() ?? null,
  }),
  recordOf: (row) => ({
    case_id: row.caseId,
    office_code: row.officeCode,
    days: row.days,
    notes: row.notes,
    visits: row.days.length,
    next_due_at: row.nextDueAt,
  }),
});

/** What the fold does not read, as the store would give it. */
const envelope = {
  schemaVersion: 1,
  subjectIds: [],
  officeCode: '3603',
  occurredAt: '2026-03-02T02:15:00.000Z',
  recordedAt: '2026-03-02T02:15:00.000Z',
  actor: { id: 'visits', role: 'service', officeCode: '3603' },
  correlationId: 'c',
  causationId: null,
  prevHash: '',
  hash: '',
};
let position = 0;
/** An event of stream `visit-<caseId>`, its case in the envelope or only in the stream's name. */
function event(type: string, caseId: string, payload: object, caseInEnvelope = true) {
  position += 1;
  const at = { streamRevision: position, position: Position.of(BigInt(position), 0n) };
  return {
    ...envelope,
    ...at,
    eventId: `visit-event-${position}`,
    type,
    streamId: `visit-${caseId}`,
    ...(caseInEnvelope ? { caseId } : {}),
    payload: payload as RecordedEvent['payload'],
  } satisfies RecordedEvent;
}

describe('rowPerCaseProjection (real PostgreSQL)', () => {
  let database: TestDatabase;
  let pool: Pool;
  const statements: string[] = [];

  /** One batch in its own transaction, as the runner gives it, counting the statements. */
  const applyBatch = async (...events: RecordedEvent[]) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const counted = {
        query: (text: string, values?: unknown[]) => {
          statements.push(text.trim().split(/\s+/)[0]);
          return client.query(text, values);
        },
      } as unknown as PoolClient;
      await visits.applyBatch!(events, [], counted);
      await client.query('commit');
    } finally {
      client.release();
    }
  };

  const stored = async () =>
    (
      await pool.query(
        'select case_id, office_code, days, notes, visits, next_due_at from visits order by case_id',
      )
    ).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new Pool({ connectionString: database.ownerUrl, max: 2 });
    await pool.query(`
      create table visits (
        case_id text primary key,
        office_code text not null,
        days text[] not null,
        notes jsonb not null,
        visits int not null,
        next_due_at timestamptz
      )`);
  });

  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  it('folds a batch into one row per case with one read and one write', async () => {
    await applyBatch(
      event('VisitNoted', 'a', { day: '2026-03-02', by: 'siti' }),
      event('VisitNoted', 'b', { day: '2026-03-02', by: 'budi' }, false),
      event('VisitDue', 'a', { dueAt: '2026-03-09T23:59:59.999+07:00' }),
      event('VisitNoted', 'a', { day: '2026-03-03', by: 'siti' }),
      // An event the fold keeps nothing of still makes its case's row.
      event('VisitPlanned', 'c', {}),
    );
    expect(statements).toEqual(['select', 'insert']);
    expect(await stored()).toEqual([
      {
        case_id: 'a',
        office_code: '3603',
        days: ['2026-03-02', '2026-03-03'],
        notes: { '2026-03-02': { by: 'siti' }, '2026-03-03': { by: 'siti' } },
        visits: 2,
        next_due_at: new Date('2026-03-09T16:59:59.999Z'),
      },
      {
        case_id: 'b',
        office_code: '3603',
        days: ['2026-03-02'],
        notes: { '2026-03-02': { by: 'budi' } },
        visits: 1,
        next_due_at: null,
      },
      {
        case_id: 'c',
        office_code: '3603',
        days: [],
        notes: {},
        visits: 0,
        next_due_at: null,
      },
    ]);
  });

  it('carries on from the stored rows in the next batch', async () => {
    statements.length = 0;
    await applyBatch(
      event('VisitNoted', 'b', { day: '2026-03-04', by: 'dewi' }),
      event('VisitDue', 'b', { dueAt: '2026-03-06T23:59:59.999+07:00' }),
      event('VisitDue', 'd', { dueAt: '2026-03-07T23:59:59.999+07:00' }),
    );
    expect(statements).toEqual(['select', 'insert']);
    const rows = await stored();
    expect(rows.map((row) => [row.case_id, row.visits])).toEqual([
      ['a', 2],
      ['b', 2],
      ['c', 0],
      ['d', 0],
    ]);
    expect(rows[1]).toMatchObject({
      days: ['2026-03-02', '2026-03-04'],
      notes: { '2026-03-02': { by: 'budi' }, '2026-03-04': { by: 'dewi' } },
      next_due_at: new Date('2026-03-06T16:59:59.999Z'),
    });
    expect(rows[0].next_due_at).toEqual(new Date('2026-03-09T16:59:59.999Z'));
  });

  it('empties its table on reset (a rebuild)', async () => {
    const client = await pool.connect();
    try {
      await visits.reset(client);
    } finally {
      client.release();
    }
    expect(await stored()).toEqual([]);
  });
});
