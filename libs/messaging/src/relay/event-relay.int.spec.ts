import { randomUUID } from 'node:crypto';
import { fromKafkaMessage } from '@dinsos/contracts';
import { createTopicPrefix } from '@dinsos/testing';
import type { Kafka } from 'kafkajs';
import { EventConsumer, type EventHandler } from '../consumer/event-consumer';
import { provisionTopics } from '../kafka/topics';
import {
  caseEvent,
  effects,
  setUpDatabase,
  sharedKafka,
  waitFor,
  type MessagingTestContext,
} from '../testing/fixtures';
import { EventRelay, readRelayCheckpoint, type EventRelayOptions } from './event-relay';
import { relaySourceFromStore } from './store-relay-source';

interface Received {
  eventId: string;
  caseId: string;
  streamRevision: number;
}

/** Reads everything on the topic into `received`, in arrival order; stop() disconnects it. */
async function collect(
  kafka: Kafka,
  topic: string,
  received: Received[],
): Promise<{ stop(): Promise<void> }> {
  const consumer = kafka.consumer({ groupId: `collector-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = fromKafkaMessage(message);
      received.push({
        eventId: event.eventId,
        caseId: event.caseId!,
        streamRevision: event.streamRevision,
      });
    },
  });
  return { stop: () => consumer.disconnect() };
}

async function appendCases(
  ctx: MessagingTestContext,
  cases: string[],
  eventsPerCase: number,
  writers = 4,
) {
  const appended: string[] = [];
  const queue = [...cases];
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let caseId = queue.shift(); caseId; caseId = queue.shift()) {
        for (let n = 0; n < eventsPerCase; n += 1) {
          const event = caseEvent(caseId, n);
          await ctx.store.appendToStream(`intakeCase-${caseId}`, [event], {
            expectedRevision: n === 0 ? 'noStream' : n - 1,
          });
          appended.push(event.eventId);
        }
      }
    }),
  );
  return appended;
}

function expectPerCaseOrder(received: Received[]) {
  const byCase = new Map<string, number[]>();
  for (const r of received)
    byCase.set(r.caseId, [...(byCase.get(r.caseId) ?? []), r.streamRevision]);
  for (const [caseId, revisions] of byCase) {
    const firstSeen = revisions.filter((rev, i) => revisions.indexOf(rev) === i);
    expect({ caseId, revisions: firstSeen }).toEqual({
      caseId,
      revisions: firstSeen.map((_, i) => i),
    });
  }
}

describe('EventRelay against a real broker', () => {
  let ctx: MessagingTestContext;
  let kafka: Kafka;
  let prefix: string;
  let topic: string;
  const running: Array<{ stop(): Promise<void> }> = [];

  beforeAll(async () => {
    kafka = await sharedKafka('relay-test');
  });
  beforeEach(async () => {
    ctx = await setUpDatabase();
    prefix = createTopicPrefix();
    topic = `${prefix}dinsos.intake.events.v1`;
    await provisionTopics(kafka, [topic], { partitions: 3 });
  });
  afterEach(async () => {
    for (const r of running.splice(0).reverse()) await r.stop();
    await ctx.close();
  });

  function relay(overrides: Partial<EventRelayOptions> = {}) {
    const instance = new EventRelay({
      name: `intake-${prefix}`,
      source: relaySourceFromStore(ctx.store, 'intake', { topicPrefix: prefix }),
      kafka,
      databaseUrl: ctx.db.appUrl,
      batchSize: 50,
      leaseRetryMs: 200,
      ...overrides,
    });
    running.push(instance);
    return instance;
  }

  it('publishes every appended event to its topic, in per-case order, with no gaps', async () => {
    const cases = Array.from({ length: 20 }, (_, i) => `case-${i}-${randomUUID().slice(0, 4)}`);
    const appendedBefore = await appendCases(ctx, cases.slice(0, 10), 6);
    relay().start();
    const received: Received[] = [];
    running.push(await collect(kafka, topic, received));
    const appendedDuring = await appendCases(ctx, cases.slice(10), 6);
    const all = [...appendedBefore, ...appendedDuring];
    await waitFor('all events on the topic', async () => received.length >= all.length);
    expect(received.map((r) => r.eventId).sort()).toEqual([...all].sort());
    expectPerCaseOrder(received);
  });

  it('re-publishes after a crash between publish and checkpoint, and the inbox absorbs the duplicates', async () => {
    const cases = Array.from({ length: 6 }, (_, i) => `crash-${i}-${randomUUID().slice(0, 4)}`);
    const appended = await appendCases(ctx, cases, 10);
    let crashed = false;
    const crashing: EventRelay = relay({
      afterPublish: async () => {
        crashed = true;
        // Dies here: stops at once (no retry) and never reaches the checkpoint.
        void crashing.stop();
        throw new Error('process killed after the broker acked, before the checkpoint');
      },
    });
    crashing.start();
    await waitFor('the crash', async () => crashed);
    await crashing.stop();
    const checkpoint = await ctx.pool.query('select position from messaging_relay_checkpoint');
    expect(checkpoint.rows).toEqual([]);

    relay().start();
    const received: Received[] = [];
    running.push(await collect(kafka, topic, received));
    await waitFor(
      'every event published',
      async () => new Set(received.map((r) => r.eventId)).size >= appended.length,
    );
    expect(received.length).toBeGreaterThan(appended.length);

    const handler: EventHandler = {
      apply: async (event, _p, tx) =>
        void (await tx.query('insert into effect (event_id, case_key, type) values ($1, $2, $3)', [
          event.eventId,
          event.caseKey,
          event.type,
        ])),
    };
    const consumer = new EventConsumer({
      kafka,
      groupId: `effects-${prefix}`,
      topics: [topic],
      pool: ctx.pool,
      handlers: { CaseOpened: handler },
    });
    await consumer.start();
    running.push(consumer);
    await waitFor('every effect', async () => (await effects(ctx.pool)).length >= appended.length);
    await waitFor(
      'every delivery',
      async () => consumer.stats.processed + consumer.stats.duplicates >= received.length,
    );
    expect((await effects(ctx.pool)).map((r) => r.event_id).sort()).toEqual([...appended].sort());
    expect(consumer.stats.duplicates).toBe(received.length - appended.length);
  });

  it('moves the checkpoint page by page, each only after the broker acked that page', async () => {
    const cases = Array.from({ length: 7 }, (_, i) => `pages-${i}-${randomUUID().slice(0, 4)}`);
    const appended = await appendCases(ctx, cases, 5);
    const pages: Array<{ first: string; last: string; storedBefore?: string }> = [];
    const pipelined = relay({
      batchSize: 10,
      afterPublish: async (items) => {
        const stored = await readRelayCheckpoint(ctx.pool, `intake-${prefix}`);
        pages.push({
          first: items[0].position,
          last: items[items.length - 1].position,
          storedBefore: stored?.position,
        });
      },
    });
    pipelined.start();
    await waitFor('every page', async () => pipelined.state.published >= appended.length);

    expect(pages.length).toBeGreaterThanOrEqual(appended.length / 10);
    // When a page is acked, the stored checkpoint is exactly the end of the page before it:
    // never ahead of what the broker acked, never more than one page behind.
    expect(pages.map((page) => page.storedBefore)).toEqual([
      undefined,
      ...pages.slice(0, -1).map((page) => page.last),
    ]);
    expect((await readRelayCheckpoint(ctx.pool, `intake-${prefix}`))?.position).toBe(
      pages[pages.length - 1].last,
    );
  });

  it('lets only the lease holder publish, and a standby takes over when the leader dies', async () => {
    const first = relay();
    first.start();
    await waitFor('a leader', async () => first.state.leader);
    const standby = relay();
    standby.start();
    const cases = Array.from({ length: 4 }, (_, i) => `lease-${i}-${randomUUID().slice(0, 4)}`);
    const before = await appendCases(ctx, cases, 5);
    await waitFor('the leader to publish', async () => first.state.published >= before.length);
    expect(standby.state).toMatchObject({ leader: false, published: 0 });

    await first.stop();
    const after = await appendCases(
      ctx,
      cases.map((c) => `${c}-b`),
      5,
    );
    await waitFor('the standby to take over', async () => standby.state.leader);
    await waitFor('the standby to publish', async () => standby.state.published >= after.length);
    expect(standby.state.published).toBe(after.length);

    const received: Received[] = [];
    running.push(await collect(kafka, topic, received));
    await waitFor('all events', async () => received.length >= before.length + after.length);
    expect(received.map((r) => r.eventId).sort()).toEqual([...before, ...after].sort());
  });
});
