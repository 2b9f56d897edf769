import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { Pool } from 'pg';
import { newEvent } from '../contract/fixtures';
import type { EventSubscription } from '../port';
import { migrate } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';

// A caught-up subscription waits for the append signal (a store's NOTIFY after each committed
// append), so new events reach it at once even when it would poll only once a minute.
describe('subscriptions woken by appends', () => {
  let database: TestDatabase;
  let pool: Pool;

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    pool = new Pool({ connectionString: database.appUrl, max: 4 });
  });
  afterAll(async () => {
    await pool?.end();
    await database?.drop();
  });

  const minute = 60_000;
  /**
   * A store whose caught-up subscriptions, once listening, poll once a minute: only a signal
   * wakes them (after one they poll at the short interval for a while, as an append heard may
   * still be behind the cluster's read horizon).
   */
  const listeningStore = () =>
    new PostgresEventStore(pool, {
      pollIntervalMs: 100,
      listenForAppends: { pollIntervalMs: minute },
    });

  /**
   * A subscription from the end, already asked for its next event and waiting for it, with the
   * store's signal listening when it listens at all (an append before LISTEN is not heard).
   */
  async function caughtUp(store: PostgresEventStore) {
    const subscription = store.subscribeToAll({ from: 'end' });
    const next = subscription.next();
    const deadline = Date.now() + 5000;
    do await new Promise((resolve) => setTimeout(resolve, 50));
    while (!store.listeningForAppends && Date.now() < deadline);
    // Past the short wait that began before it listened: now in the long one.
    await new Promise((resolve) => setTimeout(resolve, 400));
    return { subscription, next };
  }

  async function arrival(
    {
      subscription,
      next,
    }: { subscription: EventSubscription; next: ReturnType<EventSubscription['next']> },
    withinMs = 10_000,
  ) {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`nothing arrived in ${withinMs} ms`)), withinMs);
    });
    try {
      const result = await Promise.race([next, late]);
      return result.value;
    } finally {
      clearTimeout(timer);
      await subscription.close();
    }
  }

  it('delivers an append at once, long before the next poll', async () => {
    const store = listeningStore();
    try {
      const waiting = await caughtUp(store);
      const event = newEvent();
      await store.appendToStream('intakeCase-woken', [event], { expectedRevision: 'noStream' });
      expect((await arrival(waiting))?.eventId).toBe(event.eventId);
    } finally {
      await store.close();
    }
  });

  it('a rolled-back append wakes nobody with an event, and a later one still arrives', async () => {
    const store = listeningStore();
    try {
      const waiting = await caughtUp(store);
      const client = await pool.connect();
      try {
        await client.query('begin');
        await store.appendToStream('intakeCase-undone', [newEvent()], {
          expectedRevision: 'noStream',
          transaction: client,
        });
        await client.query('rollback');
      } finally {
        client.release();
      }
      const kept = newEvent();
      await store.appendToStream('intakeCase-kept', [kept], { expectedRevision: 'noStream' });
      expect((await arrival(waiting))?.eventId).toBe(kept.eventId);
    } finally {
      await store.close();
    }
  });

  it("announces an append in the caller's transaction once the client goes back after commit", async () => {
    const store = listeningStore();
    try {
      const waiting = await caughtUp(store);
      const event = newEvent();
      const client = await pool.connect();
      try {
        await client.query('begin');
        await store.appendToStream('intakeCase-committed', [event], {
          expectedRevision: 'noStream',
          transaction: client,
        });
        await client.query('commit');
      } finally {
        client.release();
      }
      expect((await arrival(waiting))?.eventId).toBe(event.eventId);
    } finally {
      await store.close();
    }
  });

  it('a store that does not announce leaves listeners to their poll', async () => {
    const listener = listeningStore();
    const writer = new PostgresEventStore(pool, { announceAppends: false });
    try {
      const waiting = await caughtUp(listener);
      await writer.appendToStream('intakeCase-unannounced', [newEvent()], {
        expectedRevision: 'noStream',
      });
      await expect(arrival(waiting, 1000)).rejects.toThrow('nothing arrived');
    } finally {
      await listener.close();
      await writer.close();
    }
  });

  it('wakeSubscriptions makes a caught-up subscription read at once', async () => {
    const listener = listeningStore();
    const writer = new PostgresEventStore(pool, { announceAppends: false });
    try {
      const waiting = await caughtUp(listener);
      const event = newEvent();
      await writer.appendToStream('intakeCase-poked', [event], { expectedRevision: 'noStream' });
      listener.wakeSubscriptions();
      expect((await arrival(waiting, 5000))?.eventId).toBe(event.eventId);
    } finally {
      await listener.close();
      await writer.close();
    }
  });

  it('without listening, a subscription polls as before', async () => {
    const store = new PostgresEventStore(pool, { pollIntervalMs: 20, listenForAppends: false });
    try {
      const waiting = await caughtUp(store);
      const event = newEvent();
      await store.appendToStream('intakeCase-polled', [event], { expectedRevision: 'noStream' });
      expect((await arrival(waiting))?.eventId).toBe(event.eventId);
    } finally {
      await store.close();
    }
  });
});
