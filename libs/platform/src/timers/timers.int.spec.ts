// Timers fire exactly once with several instances running: tested here, once, for every service.
import { PostgresEventStore } from '@dinsos/event-store';
import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import type { Decider } from '../commands/decider';
import { reactionEventId } from '../idempotency/idempotency-scope';
import { migrateServiceDatabase, withSearchPath } from '../runtime/migrate-service-database';
import { cancelTimer, scheduleTimer, TimerRunner, type TimerDefinition } from './timers';

type Overdue = { type: 'InquiryOverdue'; payload: { inquiryId: string } };
type MarkOverdue = { inquiryId: string };
const inquiries: Decider<MarkOverdue, { overdue: boolean }, Overdue> = {
  initialState: () => ({ overdue: false }),
  decide: (command, state) =>
    state.overdue ? [] : [{ type: 'InquiryOverdue', payload: { inquiryId: command.inquiryId } }],
  evolve: () => ({ overdue: true }),
  schemaVersions: { InquiryOverdue: 1 },
};

const T0 = new Date('2026-12-07T01:00:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe('timers (the kit)', () => {
  let database: TestDatabase;
  const pools: Pool[] = [];
  const stores: PostgresEventStore[] = [];
  let clock = minutes(1);
  let failFor: string | undefined;

  const overdue: TimerDefinition<MarkOverdue, { overdue: boolean }, Overdue> = {
    name: 'inquiry-overdue',
    decider: inquiries,
    toCommand: (timer) => {
      if (timer.data.inquiryId === failFor) throw new Error('a passing failure');
      return {
        streamId: `tracing-${timer.caseId}`,
        command: { inquiryId: String(timer.data.inquiryId) },
        officeCode: timer.officeCode,
        caseId: timer.caseId,
      };
    },
  };

  /** One instance of the service: its own pool, store and runner. */
  function instance() {
    const pool = new Pool({ connectionString: withSearchPath(database.appUrl, 'tracing'), max: 3 });
    pool.on('error', () => undefined);
    const store = new PostgresEventStore(pool);
    pools.push(pool);
    stores.push(store);
    const runner = new TimerRunner({
      pool,
      store,
      service: 'family-tracing',
      definitions: [overdue],
      now: () => clock,
      batchSize: 7,
    });
    return { pool, store, runner };
  }

  async function inTransaction(pool: Pool, work: (tx: PoolClient) => Promise<void>) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      await work(client);
      await client.query('commit');
    } finally {
      client.release();
    }
  }

  /** Both instances poll at once until a pass of each fires nothing. */
  async function fireUntilQuiet(runners: TimerRunner[]): Promise<number> {
    let total = 0;
    for (;;) {
      const fired = await Promise.all(runners.map((runner) => runner.fireDue()));
      total += fired.reduce((a, b) => a + b, 0);
      if (fired.every((n) => n === 0)) return total;
    }
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrateServiceDatabase(database.ownerUrl, {
      appRole: testRoles.app.name,
      service: 'family-tracing',
      schema: 'tracing',
    });
  });

  afterAll(async () => {
    for (const store of stores) await store.close();
    for (const pool of pools) await pool.end();
    await database.drop();
  });

  it('fires each due timer exactly once with two instances polling at once, later ones when due', async () => {
    const [a, b] = [instance(), instance()];
    const causation = randomUUID();
    const correlation = randomUUID();
    await inTransaction(a.pool, async (tx) => {
      for (let i = 0; i < 40; i++) {
        await scheduleTimer(tx, {
          timerId: `inquiry-${i}-overdue`,
          name: 'inquiry-overdue',
          dueAt: i < 30 ? T0 : minutes(60),
          officeCode: '3603',
          caseId: `case-${i}`,
          data: { inquiryId: `inquiry-${i}` },
          correlationId: correlation,
          causationId: causation,
        });
      }
      // Scheduling again is a no-op, and a cancelled timer never fires.
      await scheduleTimer(tx, {
        timerId: 'inquiry-0-overdue',
        name: 'inquiry-overdue',
        dueAt: minutes(-5),
        officeCode: '3603',
        correlationId: correlation,
        causationId: causation,
      });
      expect(await cancelTimer(tx, 'inquiry-29-overdue')).toBe(true);
    });

    expect(await fireUntilQuiet([a.runner, b.runner])).toBe(29);
    for (let i = 0; i < 30; i++) {
      const events = await a.store.readStream(`tracing-case-${i}`);
      expect({ i, count: events.length }).toEqual({ i, count: i === 29 ? 0 : 1 });
    }
    const [first] = await a.store.readStream('tracing-case-3');
    expect(first).toMatchObject({
      eventId: reactionEventId('family-tracing', 'timer:inquiry-3-overdue', 'inquiry-overdue', 0),
      type: 'InquiryOverdue',
      causationId: causation,
      correlationId: correlation,
      occurredAt: clock.toISOString(),
      actor: { id: 'service:family-tracing', role: 'service', officeCode: '3603' },
    });
    expect(await a.store.readStream('tracing-case-35')).toEqual([]);

    clock = minutes(61);
    expect(await fireUntilQuiet([a.runner, b.runner])).toBe(10);
    expect(await fireUntilQuiet([a.runner, b.runner])).toBe(0);
    expect(await a.store.readStream('tracing-case-35')).toHaveLength(1);
  });

  it('leaves a timer whose command fails for the next poll, without holding up the others', async () => {
    const { pool, store, runner } = instance();
    await inTransaction(pool, async (tx) => {
      for (const id of ['f1', 'f2', 'f3']) {
        await scheduleTimer(tx, {
          timerId: `${id}-overdue`,
          name: 'inquiry-overdue',
          dueAt: T0,
          officeCode: '3603',
          caseId: id,
          data: { inquiryId: id },
          correlationId: randomUUID(),
          causationId: null,
        });
      }
    });
    failFor = 'f2';
    expect(await runner.fireDue()).toBe(2);
    const { rows } = await pool.query(
      `select attempts, last_error, fired_at from platform_timers where timer_id = 'f2-overdue'`,
    );
    expect(rows[0]).toMatchObject({ attempts: 1, fired_at: null });
    expect(rows[0].last_error).toMatch(/a passing failure/);
    failFor = undefined;
    expect(await runner.fireDue()).toBe(1);
    expect(await store.readStream('tracing-f2')).toHaveLength(1);
  });
});
