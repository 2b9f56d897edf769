import { randomInt } from 'node:crypto';
import {
  createTestDatabase,
  startOwnPostgresCluster,
  testRoles,
  type OwnPostgresCluster,
  type TestDatabase,
} from '@dinsos/testing';
import { Client, Pool } from 'pg';
import { newEvent, newEvents, take, unique } from '../contract/fixtures';
import { isRetryable } from '../errors';
import { Position } from '../position';
import type { EventSubscription, RecordedEvent } from '../port';
import { migrate } from './migrate';
import { PostgresEventStore } from './PostgresEventStore';

// The snapshot horizon (xmin) is cluster-wide: these tests hold it back on purpose, so they run
// on a PostgreSQL cluster of their own, never on the shared server.
describe('gap-free reading under the cluster-wide snapshot horizon', () => {
  let cluster: OwnPostgresCluster;
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    cluster = await startOwnPostgresCluster();
    database = await createTestDatabase({ adminUrl: cluster.adminUrl });
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    pool = new Pool({ connectionString: database.appUrl, max: 14 });
    pool.on('error', () => undefined); // drop() ends connections the pool is still closing
    store = new PostgresEventStore(pool, { pollIntervalMs: 10, subscriptionPageSize: 2000 });
  }, 180_000);
  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
    await cluster?.destroy();
  }, 60_000);

  async function nothingArrives(subscription: EventSubscription, forMs: number): Promise<boolean> {
    const next = subscription.next();
    const outcome = await Promise.race([
      next.then(() => 'arrived'),
      new Promise((r) => setTimeout(() => r('quiet'), forMs)),
    ]);
    if (outcome === 'arrived') return false;
    // Hand the pending read back: the caller takes the events through this same iterator.
    pending.set(subscription, next);
    return true;
  }
  const pending = new Map<EventSubscription, Promise<IteratorResult<RecordedEvent>>>();
  async function takeRest(
    subscription: EventSubscription,
    count: number,
  ): Promise<RecordedEvent[]> {
    const first = await pending.get(subscription)!;
    pending.delete(subscription);
    return [first.value as RecordedEvent, ...(await take(subscription, count - 1))];
  }

  it('a transaction held open in another database delays delivery but loses nothing', async () => {
    const category = unique('held');
    const subscription = store.subscribeToAll({ filter: { categories: [category] } });
    const holder = new Client({ connectionString: cluster.adminUrl }); // the cluster's postgres database
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query('select pg_current_xact_id()');
      const appended = [...newEvents(2), newEvent()];
      await store.appendToStream(`${category}-1`, appended.slice(0, 2), {
        expectedRevision: 'noStream',
      });
      await store.appendToStream(`${category}-2`, appended.slice(2), {
        expectedRevision: 'noStream',
      });

      const committed = await pool.query(
        'select count(*)::int as n from event_store.events where stream_category = $1',
        [category],
      );
      expect(committed.rows[0].n).toBe(3);
      expect(await nothingArrives(subscription, 400)).toBe(true);
      expect(await store.readAll({ filter: { categories: [category] } })).toEqual([]);

      await holder.query('commit');
      const delivered = await takeRest(subscription, 3);
      expect(delivered.map((e) => e.eventId)).toEqual(appended.map((e) => e.eventId));
    } finally {
      await holder.end();
    }
  });

  it('delivers an event that commits after a later-numbered one, where a reader by sequence alone skips it', async () => {
    const category = unique('late');
    const subscription = store.subscribeToAll({ filter: { categories: [category] } });
    const slow = await pool.connect();
    try {
      await slow.query('begin');
      const early = newEvent();
      await store.appendToStream(`${category}-slow`, [early], {
        expectedRevision: 'noStream',
        transaction: slow,
      });
      const late = newEvent();
      await store.appendToStream(`${category}-fast`, [late], { expectedRevision: 'noStream' });

      // What a reader ordering by sequence sees now, and the checkpoint it would keep:
      const naive = await pool.query<{ sequence: string; event_id: string }>(
        'select sequence::text, event_id::text from event_store.events where stream_category = $1 order by sequence',
        [category],
      );
      expect(naive.rows.map((r) => r.event_id)).toEqual([late.eventId]);
      const naiveCheckpoint = naive.rows[0].sequence;

      expect(await nothingArrives(subscription, 300)).toBe(true);
      await slow.query('commit');

      const delivered = await takeRest(subscription, 2);
      expect(delivered.map((e) => e.eventId)).toEqual([early.eventId, late.eventId]);
      const naiveNext = await pool.query(
        'select event_id::text from event_store.events where stream_category = $1 and sequence > $2',
        [category, naiveCheckpoint],
      );
      expect(naiveNext.rows).toEqual([]); // the early event is behind its checkpoint: skipped for good
    } finally {
      slow.release();
    }
  });

  it('a live subscriber sees each of 100,000 events from concurrent writers exactly once, in strictly increasing order', async () => {
    const total = 100_000;
    const writers = 8;
    // Streams every writer appends to: the stream order guard makes some appends retry.
    const sharedStreams = Array.from({ length: 4 }, (_, i) => `shared-${i}`);
    const appendedIds = new Set<string>();
    const subscription = store.subscribeToAll({ filter: { categories: ['bulk', 'shared'] } });

    let seen = 0;
    let inversions = 0; // events whose sequence is below an earlier delivered one: commit order ≠ sequence order
    let maxSequence = 0n;
    let previous = Position.start;
    const delivered = new Set<string>();
    const revisionsByStream = new Map<string, number>();
    const problems: string[] = [];
    const reading = (async () => {
      for await (const event of subscription) {
        if (!event.position.isAfter(previous)) problems.push(`not increasing at ${event.position}`);
        previous = event.position;
        if (event.position.prepare < maxSequence) inversions++;
        if (event.position.prepare > maxSequence) maxSequence = event.position.prepare;
        if (delivered.has(event.eventId)) problems.push(`duplicate ${event.eventId}`);
        delivered.add(event.eventId);
        const expectedRevision = (revisionsByStream.get(event.streamId) ?? -1) + 1;
        if (event.streamRevision !== expectedRevision) {
          problems.push(
            `${event.streamId} revision ${event.streamRevision} after ${expectedRevision - 1}`,
          );
        }
        revisionsByStream.set(event.streamId, event.streamRevision);
        if (++seen >= total) break;
      }
    })();

    const write = async (writer: number) => {
      const ownStreams = Array.from({ length: 12 }, (_, i) => `bulk-${writer}x${i}`);
      let remaining = total / writers;
      while (remaining > 0) {
        const size = Math.min(remaining, randomInt(1, 101));
        const events = Array.from({ length: size }, () =>
          newEvent({ payload: { writer, remaining } }),
        );
        const shared = randomInt(10) === 0;
        const streamId = shared
          ? sharedStreams[randomInt(sharedStreams.length)]
          : ownStreams[randomInt(ownStreams.length)];
        for (;;) {
          const client = await pool.connect();
          try {
            if (randomInt(2) === 0) {
              await store.appendToStream(streamId, events, {
                expectedRevision: 'any',
                transaction: client,
              });
            } else {
              // Take the transaction id first, as a consumer writing its inbox row does, and commit late.
              await client.query('begin');
              await client.query('select pg_current_xact_id()');
              await store.appendToStream(streamId, events, {
                expectedRevision: 'any',
                transaction: client,
              });
              if (randomInt(4) === 0) await new Promise((r) => setTimeout(r, randomInt(3)));
              await client.query('commit');
            }
            break;
          } catch (error) {
            await client.query('rollback');
            if (!isRetryable(error)) throw error;
          } finally {
            client.release();
          }
        }
        for (const event of events) appendedIds.add(event.eventId);
        remaining -= size;
      }
    };
    await Promise.all(Array.from({ length: writers }, (_, writer) => write(writer)));
    await reading;
    await subscription.close();

    expect(problems.slice(0, 5)).toEqual([]);
    expect(delivered.size).toBe(total);
    expect([...appendedIds].every((id) => delivered.has(id))).toBe(true);
    expect(inversions).toBeGreaterThan(0);
  }, 120_000);
});
