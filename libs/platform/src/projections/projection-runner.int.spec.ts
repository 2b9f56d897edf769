// The kit's projection runner: each event applied once, in the transaction of the checkpoint,
// with several instances running, a rebuild from zero, and a failing apply retried; per event and
// in batches.
import { PostgresEventStore, type RecordedEvent } from '@dinsos/event-store';
import {
  createTestDatabase,
  eventually,
  queryAs,
  testRoles,
  type TestDatabase,
} from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { migrateServiceDatabase, withSearchPath } from '../runtime/migrate-service-database';
import { ProjectionRunner, type StoreProjection } from './projection-runner';
import { pgTransactions } from './projection-transactions';

function visit(caseId: string, type = 'VisitScheduled') {
  return {
    eventId: randomUUID(),
    type,
    schemaVersion: 1,
    caseId,
    subjectIds: [],
    officeCode: '3603',
    occurredAt: '2026-12-06T02:00:00.000Z',
    actor: { id: 'siti', role: 'social-worker', officeCode: '3603' },
    correlationId: randomUUID(),
    causationId: null,
    payload: {},
  };
}

describe('ProjectionRunner (the kit)', () => {
  let database: TestDatabase;
  const pools: Pool[] = [];
  let failOnce: string | undefined;

  const visitCounts: StoreProjection<string> = {
    name: 'visit-counts',
    filter: { types: ['VisitScheduled'] },
    prepare: async (event: RecordedEvent) => event.caseId!,
    apply: async (event, caseId, transaction) => {
      if (event.eventId === failOnce) {
        failOnce = undefined;
        throw new Error('a passing failure');
      }
      await transaction.query(
        `insert into visit_counts (case_id, visits) values ($1, 1)
         on conflict (case_id) do update set visits = visit_counts.visits + 1`,
        [caseId],
      );
    },
    reset: async (transaction) => void (await transaction.query('delete from visit_counts')),
  };

  const instance = () => {
    const pool = new Pool({ connectionString: withSearchPath(database.appUrl, 'example'), max: 3 });
    pool.on('error', () => undefined);
    pools.push(pool);
    const store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
    return {
      pool,
      store,
      runner: new ProjectionRunner(pgTransactions(pool), store, visitCounts, { retryAfterMs: 50 }),
    };
  };

  const counts = async () =>
    (
      await queryAs(
        database.ownerUrl,
        'select case_id, visits from example.visit_counts order by case_id',
      )
    ).rows;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateServiceDatabase(database.ownerUrl, {
      appRole: testRoles.app.name,
      service: 'example',
    });
    await queryAs(
      database.ownerUrl,
      `create table example.visit_counts (case_id text primary key, visits int not null);
       create table example.batched_visit_counts (case_id text primary key, visits int not null);
       grant select, insert, update, delete on example.visit_counts, example.batched_visit_counts
          to ${testRoles.app.name}`,
    );
  });

  afterAll(async () => {
    for (const pool of pools) await pool.end();
    await database.drop();
  });

  it('applies each event once with two instances running, retries a failed apply, and rebuilds from zero', async () => {
    const [a, b] = [instance(), instance()];
    let last = '';
    for (let i = 0; i < 24; i++) {
      const event = visit(`case-${i % 4}`);
      if (i === 9) failOnce = event.eventId;
      const appended = await a.store.appendToStream(`visit-${i}`, [event], {
        expectedRevision: 'noStream',
      });
      last = appended.position.toString();
    }
    a.runner.start();
    b.runner.start();
    try {
      expect(await a.runner.waitFor(last, 20_000)).toBe(true);
      const expected = [0, 1, 2, 3].map((n) => ({ case_id: `case-${n}`, visits: 6 }));
      expect(await counts()).toEqual(expected);
      expect(failOnce).toBeUndefined();

      await b.runner.rebuild();
      expect(await a.runner.waitFor(last, 20_000)).toBe(true);
      expect(await counts()).toEqual(expected);
      expect(await b.runner.checkpoint()).toBe(last);
    } finally {
      await a.runner.stop();
      await b.runner.stop();
    }
  }, 60_000);
  it("waitFor wakes on its own runner's commit at once, and sees another instance's by polling", async () => {
    const pool = new Pool({ connectionString: withSearchPath(database.appUrl, 'example'), max: 3 });
    pool.on('error', () => undefined);
    pools.push(pool);
    const store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
    const projecting = new ProjectionRunner(pgTransactions(pool), store, visitCounts, {
      waitPollMs: 60_000,
    });
    const watching = new ProjectionRunner(pgTransactions(pool), store, visitCounts, {
      waitPollMs: 50,
    });
    projecting.start();
    try {
      const appended = await store.appendToStream(`visit-${randomUUID()}`, [visit('case-w')], {
        expectedRevision: 'noStream',
      });
      const position = appended.position.toString();
      const started = Date.now();
      const [own, other] = await Promise.all([
        projecting.waitFor(position, 20_000),
        watching.waitFor(position, 20_000),
      ]);
      expect([own, other]).toEqual([true, true]);
      // Neither waited for its poll interval of a minute, nor for its timeout.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await watching.waitFor(`${'f'.repeat(16)}-${'0'.repeat(16)}`, 150)).toBe(false);
    } finally {
      await projecting.stop();
    }
  }, 60_000);

  it('applies read batches in one transaction with the checkpoint, and a failed batch leaves neither rows nor checkpoint until it is retried', async () => {
    const batches: number[] = [];
    let failing = false;
    let failures = 0;
    const batchedCounts: StoreProjection<string> = {
      name: 'batched-visit-counts',
      filter: { types: ['VisitRecorded'] },
      prepare: async (event) => event.caseId!,
      applyBatch: async (events, caseIds, transaction) => {
        // One statement for the whole batch; the rows are written before the failure, so a batch
        // that was not rolled back whole would count twice when retried.
        await transaction.query(
          `insert into batched_visit_counts (case_id, visits)
           select case_id, count(*) from unnest($1::text[]) case_id group by case_id
           on conflict (case_id) do update set visits = batched_visit_counts.visits + excluded.visits`,
          [caseIds],
        );
        if (failing) {
          failures += 1;
          throw new Error('a failing batch');
        }
        batches.push(events.length);
      },
      reset: async (transaction) =>
        void (await transaction.query('delete from batched_visit_counts')),
    };
    const pool = new Pool({ connectionString: withSearchPath(database.appUrl, 'example'), max: 3 });
    pool.on('error', () => undefined);
    pools.push(pool);
    const store = new PostgresEventStore(pool, { pollIntervalMs: 20 });
    const runners = [1, 2].map(
      () =>
        new ProjectionRunner(pgTransactions(pool), store, batchedCounts, {
          retryAfterMs: 50,
          maxBatchSize: 5,
        }),
    );
    const batchedRows = async () =>
      (
        await queryAs(
          database.ownerUrl,
          'select case_id, visits from example.batched_visit_counts order by case_id',
        )
      ).rows;
    const append = async (count: number) => {
      let last = '';
      for (let i = 0; i < count; i++) {
        const appended = await store.appendToStream(
          `visit-${randomUUID()}`,
          [visit(`case-${i % 4}`, 'VisitRecorded')],
          {
            expectedRevision: 'noStream',
          },
        );
        last = appended.position.toString();
      }
      return last;
    };

    failing = true;
    const first = await append(12);
    for (const runner of runners) runner.start();
    try {
      await eventually(async () => failures >= 3, 'failed batches retried');
      expect(await runners[0].checkpoint()).toBeUndefined();
      expect(await batchedRows()).toEqual([]);

      failing = false;
      expect(await runners[0].waitFor(first, 20_000)).toBe(true);
      expect(await runners[1].checkpoint()).toBe(first);
      expect(await batchedRows()).toEqual(
        [0, 1, 2, 3].map((n) => ({ case_id: `case-${n}`, visits: 3 })),
      );

      const second = await append(8);
      expect(await runners[1].waitFor(second, 20_000)).toBe(true);
      const expected = [0, 1, 2, 3].map((n) => ({ case_id: `case-${n}`, visits: 5 }));
      expect(await batchedRows()).toEqual(expected);
      expect(batches.reduce((sum, size) => sum + size, 0)).toBe(20);
      expect(Math.max(...batches)).toBe(5);

      batches.length = 0;
      await runners[0].rebuild();
      expect(await runners[0].waitFor(second, 20_000)).toBe(true);
      expect(await batchedRows()).toEqual(expected);
      expect(await runners[0].checkpoint()).toBe(second);
      expect(batches).toEqual([5, 5, 5, 5]);
    } finally {
      for (const runner of runners) await runner.stop();
    }
  }, 60_000);
});
