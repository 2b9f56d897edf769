import { randomUUID } from 'node:crypto';
import { createTopicPrefix, testRoles } from '@dinsos/testing';
import type { Kafka } from 'kafkajs';
import type { PoolClient } from 'pg';
import { listDeadLetters } from '../dead-letters/dead-letters';
import { provisionTopics } from '../kafka/topics';
import {
  caseMessage,
  ownerQuery,
  setUpDatabase,
  sharedKafka,
  waitFor,
  type MessagingTestContext,
} from '../testing/fixtures';
import {
  EventConsumer,
  type BatchEventHandler,
  type EventConsumerOptions,
  type EventHandler,
} from './event-consumer';
import { decodeCloudEvent } from './cloud-event-decoder';
import type { InboundEvent } from './inbound-event';

/** Cases' events as one producer send, so that each partition's share arrives as one batch. */
function casesFlow(cases: number, eventsPerCase: number) {
  const sent: Array<{ eventId: string; caseKey: string; revision: number; message: never }> = [];
  // Interleaved, as a live flow is: case 0 rev 0, case 1 rev 0, …, case 0 rev 1, …
  for (let revision = 0; revision < eventsPerCase; revision += 1) {
    for (let c = 0; c < cases; c += 1) {
      const caseKey = `case-${c}`;
      const { eventId, message } = caseMessage(caseKey, revision);
      sent.push({ eventId, caseKey, revision, message: message as never });
    }
  }
  return sent;
}

describe('EventConsumer in batches', () => {
  let ctx: MessagingTestContext;
  let kafka: Kafka;
  let topic: string;
  let groupId: string;
  const consumers: EventConsumer[] = [];
  /** Event id → case and revision, for the rows the handlers write. */
  let revisionOf: Map<string, number>;

  beforeAll(async () => {
    kafka = await sharedKafka('consumer-batches-test');
  });
  beforeEach(async () => {
    ctx = await setUpDatabase();
    // A sequence, not a timestamp: rows of one multi-row insert share their statement's time.
    await ownerQuery(
      ctx.db,
      `create table applied (seq bigserial primary key, event_id uuid not null unique,
         case_key text not null);
       grant select, insert on applied to ${testRoles.app.name};
       grant usage on sequence applied_seq_seq to ${testRoles.app.name}`,
    );
    topic = `${createTopicPrefix()}dinsos.intake.events.v1`;
    groupId = `group-${randomUUID().slice(0, 8)}`;
    revisionOf = new Map();
  });
  afterEach(async () => {
    for (const consumer of consumers.splice(0)) await consumer.stop();
    await ctx.close();
  });

  async function send(partitions: number, sent: ReturnType<typeof casesFlow>) {
    await provisionTopics(kafka, [topic], { partitions });
    for (const s of sent) revisionOf.set(s.eventId, s.revision);
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages: sent.map((s) => s.message), acks: -1 });
    await producer.disconnect();
  }

  async function start(
    options: Partial<EventConsumerOptions> & Pick<EventConsumerOptions, 'handlers'>,
  ) {
    const consumer = new EventConsumer({
      kafka,
      groupId,
      topics: [topic],
      pool: ctx.pool,
      retry: { attempts: 2, initialBackoffMs: 20, maxBackoffMs: 50 },
      ...options,
    });
    consumers.push(consumer);
    await consumer.start();
    return consumer;
  }

  const insertApplied = (event: InboundEvent, tx: PoolClient) =>
    tx.query('insert into applied (event_id, case_key) values ($1, $2)', [
      event.eventId,
      event.caseKey,
    ]);
  const perEvent: EventHandler = {
    apply: (event, _prepared, tx) => insertApplied(event, tx).then(),
  };

  async function applied(): Promise<Array<{ event_id: string; case_key: string }>> {
    return (await ctx.pool.query('select event_id, case_key from applied order by seq')).rows;
  }

  /** Each case's applied events as revisions, in the order they were applied. */
  async function revisionsByCase(): Promise<Record<string, number[]>> {
    const byCase: Record<string, number[]> = {};
    for (const row of await applied()) {
      (byCase[row.case_key] ??= []).push(revisionOf.get(row.event_id)!);
    }
    return byCase;
  }

  const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);

  async function inboxCount(): Promise<{ rows: number; distinct: number }> {
    const { rows } = await ctx.pool.query(
      `select count(*)::int as rows, count(distinct event_id)::int as distinct
         from messaging_inbox where consumer_group = $1`,
      [groupId],
    );
    return rows[0];
  }

  it('isolates a poison message in the middle of a batch: it alone is dead-lettered, its case parked, every other event applied once in its case order', async () => {
    const sent = casesFlow(8, 5);
    const poison = sent.find((s) => s.caseKey === 'case-3' && s.revision === 2)!;
    const afterPoison = sent.filter((s) => s.caseKey === 'case-3' && s.revision > 2);
    const failing: EventHandler = {
      apply: async (event, prepared, tx) => {
        if (event.eventId === poison.eventId) throw new Error('assessment template missing');
        await perEvent.apply(event, prepared, tx);
      },
    };
    await send(3, sent);
    const warnings: string[] = [];
    const consumer = await start({
      handlers: { CaseOpened: failing },
      log: (level, message) => level === 'warn' && warnings.push(message),
    });

    await waitFor('every other event', async () => (await applied()).length === sent.length - 3);
    await waitFor('the parked messages', async () => consumer.stats.parked === 2);
    const letters = await listDeadLetters(kafka, topic, groupId);
    expect(letters.map((l) => l.eventId)).toEqual([poison.eventId]);
    const byCase = await revisionsByCase();
    for (let c = 0; c < 8; c += 1) {
      expect(byCase[`case-${c}`]).toEqual(c === 3 ? [0, 1] : upTo(5));
    }
    const rows = await applied();
    expect(new Set(rows.map((r) => r.event_id)).size).toBe(rows.length);
    const parkedCase = await ctx.pool.query(
      'select case_key, dead_letter_event_id from messaging_parked_case where consumer_group = $1',
      [groupId],
    );
    expect(parkedCase.rows).toEqual([{ case_key: 'case-3', dead_letter_event_id: poison.eventId }]);
    const parkedMessages = await ctx.pool.query(
      'select event_id from messaging_parked_message where consumer_group = $1 order by sequence',
      [groupId],
    );
    expect(parkedMessages.rows.map((r) => r.event_id)).toEqual(afterPoison.map((s) => s.eventId));
    expect(await inboxCount()).toEqual({ rows: sent.length - 3, distinct: sent.length - 3 });
    // The poison's batch was tried in one transaction first, then redone one event at a time.
    expect(warnings).toContain('batch failed, redoing its events one by one');
  });

  it("prepares a case's later message only after its earlier one committed, so a batch with several messages of a case stays one transaction per round", async () => {
    await ownerQuery(
      ctx.db,
      `create table case_counter (case_key text primary key, seen int not null);
       grant select, insert, update on case_counter to ${testRoles.app.name}`,
    );
    // As a reaction: prepare reads the committed state, apply appends at it (or fails).
    const counting: EventHandler<number> = {
      async prepare(event) {
        const { rows } = await ctx.pool.query('select seen from case_counter where case_key = $1', [
          event.caseKey,
        ]);
        return rows[0]?.seen ?? 0;
      },
      async apply(event, seen, tx) {
        const moved = await tx.query(
          `insert into case_counter (case_key, seen) values ($1, 1)
           on conflict (case_key) do update set seen = case_counter.seen + 1
             where case_counter.seen = $2`,
          [event.caseKey, seen],
        );
        if (moved.rowCount === 0) throw new Error(`case ${event.caseKey} moved since prepare`);
        await insertApplied(event, tx);
      },
    };
    const sent = casesFlow(6, 4);
    await send(1, sent);
    const warnings: string[] = [];
    await start({
      handlers: { CaseOpened: counting },
      log: (level, message) => level === 'warn' && warnings.push(message),
    });
    await waitFor('every event', async () => (await applied()).length === sent.length);
    const { rows } = await ctx.pool.query(
      'select case_key, seen from case_counter order by case_key',
    );
    expect(rows).toEqual(upTo(6).map((c) => ({ case_key: `case-${c}`, seen: 4 })));
    expect(await revisionsByCase()).toEqual(
      Object.fromEntries(upTo(6).map((c) => [`case-${c}`, upTo(4)])),
    );
    // No round decided on a stale state: nothing had to be redone one by one.
    expect(warnings).toEqual([]);
  });

  it('redoes a batch whose process died between the database commit and the offset commit, with its effects once', async () => {
    const sent = casesFlow(4, 5);
    await send(1, sent);
    let chunks = 0;
    let killed = false;
    const dying = await start({
      handlers: { CaseOpened: perEvent },
      maxEventsPerTransaction: 5,
      afterChunkCommitted: async () => {
        chunks += 1;
        // The second chunk is in the database; the process dies before its offsets are resolved
        // (and stays dead: a redelivery to it dies the same way).
        if (chunks >= 2) {
          killed = true;
          throw new Error('process killed');
        }
      },
    });
    await waitFor('the process to die mid-batch', async () => killed);
    await dying.stop();
    expect((await applied()).length).toBe(10);

    const next = await start({ handlers: { CaseOpened: perEvent } });
    await waitFor('the whole flow', async () => (await applied()).length === sent.length);
    await waitFor(
      'the redone chunk',
      async () => next.stats.processed + next.stats.duplicates >= sent.length - 5,
    );
    expect(next.stats.duplicates).toBeGreaterThanOrEqual(5);
    const rows = await applied();
    expect(rows.map((r) => r.event_id).sort()).toEqual(sent.map((s) => s.eventId).sort());
    expect(await inboxCount()).toEqual({ rows: sent.length, distinct: sent.length });
    const byCase = await revisionsByCase();
    for (let c = 0; c < 4; c += 1) expect(byCase[`case-${c}`]).toEqual(upTo(5));
  });

  it("parks a parked case's later messages, in order, while the other cases of their batch are applied", async () => {
    const sent = casesFlow(3, 4);
    const parkedCase = sent.filter((s) => s.caseKey === 'case-1');
    await ctx.pool.query(
      `insert into messaging_parked_case (consumer_group, case_key, dead_letter_event_id, reason)
       values ($1, 'case-1', $2, 'an earlier failure')`,
      [groupId, randomUUID()],
    );
    await send(1, sent);
    const consumer = await start({ handlers: { CaseOpened: perEvent } });

    await waitFor('the other cases', async () => (await applied()).length === 8);
    await waitFor('the parked case', async () => consumer.stats.parked === 4);
    const byCase = await revisionsByCase();
    expect(byCase).toEqual({ 'case-0': upTo(4), 'case-2': upTo(4) });
    const parkedMessages = await ctx.pool.query(
      'select event_id from messaging_parked_message where consumer_group = $1 order by sequence',
      [groupId],
    );
    expect(parkedMessages.rows.map((r) => r.event_id)).toEqual(parkedCase.map((s) => s.eventId));
    expect(consumer.stats.processed).toBe(8);
  });

  it('refuses a round at its inbox insert when one of its cases was parked after the round began: its effects are rolled back, that case parked in order, the others applied once', async () => {
    const sent = casesFlow(3, 4);
    const parkedCase = sent.filter((s) => s.caseKey === 'case-1');
    let parkedMeanwhile = false;
    const seen: string[] = [];
    // As an instance reading another of the group's topics would: case-1 is parked, and commits,
    // while this consumer's round is in its transaction. No lookup before the round saw it.
    const parkingMeanwhile: EventHandler = {
      apply: async (event, prepared, tx) => {
        seen.push(event.eventId);
        if (event.caseKey === 'case-1' && !parkedMeanwhile) {
          parkedMeanwhile = true;
          await ctx.pool.query(
            `insert into messaging_parked_case (consumer_group, case_key, dead_letter_event_id, reason)
             values ($1, 'case-1', $2, 'failed on another topic')`,
            [groupId, randomUUID()],
          );
        }
        await perEvent.apply(event, prepared, tx);
      },
    };
    await send(1, sent);
    const consumer = await start({ handlers: { CaseOpened: parkingMeanwhile } });

    await waitFor('the other cases', async () => (await applied()).length === 8);
    await waitFor('the parked case', async () => consumer.stats.parked === 4);
    // The handler saw case-1's events in the refused round; none of their effects stayed.
    expect(seen).toEqual(expect.arrayContaining(parkedCase.map((s) => s.eventId)));
    expect(await revisionsByCase()).toEqual({ 'case-0': upTo(4), 'case-2': upTo(4) });
    const parkedMessages = await ctx.pool.query(
      'select event_id from messaging_parked_message where consumer_group = $1 order by sequence',
      [groupId],
    );
    expect(parkedMessages.rows.map((r) => r.event_id)).toEqual(parkedCase.map((s) => s.eventId));
    expect(await inboxCount()).toEqual({ rows: 8, distinct: 8 });
    expect(consumer.stats.processed).toBe(8);
  });

  it('refuses a round with a parked case too when its inbox rows go as parameters (event types that are not plain names)', async () => {
    const sent = casesFlow(3, 4);
    const parkedCase = sent.filter((s) => s.caseKey === 'case-2');
    await ctx.pool.query(
      `insert into messaging_parked_case (consumer_group, case_key, dead_letter_event_id, reason)
       values ($1, 'case-2', $2, 'an earlier failure')`,
      [groupId, randomUUID()],
    );
    await send(1, sent);
    const consumer = await start({
      decode: (raw) => ({ ...decodeCloudEvent(raw), type: "case-opened'v1" }),
      handlers: { "case-opened'v1": perEvent },
    });

    await waitFor('the other cases', async () => (await applied()).length === 8);
    await waitFor('the parked case', async () => consumer.stats.parked === 4);
    expect(await revisionsByCase()).toEqual({ 'case-0': upTo(4), 'case-1': upTo(4) });
    const parkedMessages = await ctx.pool.query(
      'select event_id from messaging_parked_message where consumer_group = $1 order by sequence',
      [groupId],
    );
    expect(parkedMessages.rows.map((r) => r.event_id)).toEqual(parkedCase.map((s) => s.eventId));
    const types = await ctx.pool.query(
      'select distinct event_type from messaging_inbox where consumer_group = $1',
      [groupId],
    );
    expect(types.rows).toEqual([{ event_type: "case-opened'v1" }]);
    expect(await inboxCount()).toEqual({ rows: 8, distinct: 8 });
  });

  it('never takes a failed COMMIT for success: an event whose effect breaks a deferred constraint is dead-lettered, its case parked, the rest of its batch applied once', async () => {
    await ownerQuery(
      ctx.db,
      `create table claimed (k text unique deferrable initially deferred);
       insert into claimed values ('taken');
       grant select, insert on claimed to ${testRoles.app.name}`,
    );
    const sent = casesFlow(4, 3);
    const poison = sent.find((s) => s.caseKey === 'case-2' && s.revision === 1)!;
    const afterPoison = sent.filter((s) => s.caseKey === 'case-2' && s.revision > 1);
    // Every statement succeeds; only the COMMIT fails, for the transaction that holds the poison.
    const failingAtCommit: EventHandler = {
      apply: async (event, prepared, tx) => {
        await perEvent.apply(event, prepared, tx);
        await tx.query('insert into claimed values ($1)', [
          event.eventId === poison.eventId ? 'taken' : event.eventId,
        ]);
      },
    };
    await send(1, sent);
    const consumer = await start({ handlers: { CaseOpened: failingAtCommit } });

    await waitFor('every other event', async () => (await applied()).length === sent.length - 2);
    await waitFor('the parked message', async () => consumer.stats.parked === 1);
    const letters = await listDeadLetters(kafka, topic, groupId);
    expect(letters.map((l) => l.eventId)).toEqual([poison.eventId]);
    const byCase = await revisionsByCase();
    for (let c = 0; c < 4; c += 1) expect(byCase[`case-${c}`]).toEqual(c === 2 ? [0] : upTo(3));
    const parkedMessages = await ctx.pool.query(
      'select event_id from messaging_parked_message where consumer_group = $1 order by sequence',
      [groupId],
    );
    expect(parkedMessages.rows.map((r) => r.event_id)).toEqual(afterPoison.map((s) => s.eventId));
    expect(await inboxCount()).toEqual({ rows: sent.length - 2, distinct: sent.length - 2 });
    expect(consumer.stats.processed).toBe(sent.length - 2);
  });

  it('processes partitions concurrently, each case in its order', async () => {
    const sent = casesFlow(12, 10);
    let inFlight = 0;
    let maxInFlight = 0;
    // Within a partition the applies run one after the other: two at once are two partitions.
    const slow: EventHandler = {
      apply: async (event, _prepared, tx) => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        try {
          await new Promise((resolve) => setTimeout(resolve, 5));
          await insertApplied(event, tx);
        } finally {
          inFlight -= 1;
        }
      },
    };
    await send(6, sent);
    const consumer = await start({ handlers: { CaseOpened: slow } });

    await waitFor('every event', async () => (await applied()).length === sent.length);
    const byCase = await revisionsByCase();
    for (let c = 0; c < 12; c += 1) expect(byCase[`case-${c}`]).toEqual(upTo(10));
    expect(maxInFlight).toBeGreaterThan(1);
    expect(consumer.stats.processed).toBe(sent.length);
    expect(consumer.stats.batches).toBeGreaterThan(0);
    expect(consumer.stats.lastBatchDurationMs).toBeGreaterThan(0);
  });

  it('applies the new events of a batch that also brings processed ones again, each once, in case order', async () => {
    const sent = casesFlow(8, 6);
    const earlier = sent.filter((s) => s.revision < 3);
    await send(2, earlier);
    const consumer = await start({ handlers: { CaseOpened: perEvent } });
    await waitFor('the first half', async () => (await applied()).length === earlier.length);
    // The relay lost its checkpoint: it sends the first half again, and then the rest.
    await send(2, sent);
    await waitFor('every event', async () => (await applied()).length === sent.length);
    expect(await inboxCount()).toEqual({ rows: sent.length, distinct: sent.length });
    const byCase = await revisionsByCase();
    for (let c = 0; c < 8; c += 1) expect(byCase[`case-${c}`]).toEqual(upTo(6));
    expect(consumer.stats.processed).toBe(sent.length);
    await waitFor(
      'the duplicates counted',
      async () => consumer.stats.duplicates === earlier.length,
    );
  });

  it('gives a batch-form handler many events per call, and keeps their effects once when they come again', async () => {
    const sent = casesFlow(10, 6);
    const calls: number[] = [];
    const batchForm: BatchEventHandler = {
      applyBatch: async (events, _prepared, tx) => {
        calls.push(events.length);
        await tx.query(
          `insert into applied (event_id, case_key)
           select unnest($1::uuid[]), unnest($2::text[])`,
          [events.map((e) => e.eventId), events.map((e) => e.caseKey)],
        );
      },
    };
    await send(3, sent);
    const consumer = await start({ handlers: { CaseOpened: batchForm } });

    await waitFor('every event', async () => (await applied()).length === sent.length);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(sent.length);
    expect(calls.length).toBeLessThan(sent.length / 4);
    const byCase = await revisionsByCase();
    for (let c = 0; c < 10; c += 1) expect(byCase[`case-${c}`]).toEqual(upTo(6));

    const callsBefore = calls.length;
    await send(3, sent);
    await waitFor('the redelivery', async () => consumer.stats.duplicates >= sent.length);
    // The inbox is not looked up before a round (redeliveries are rare): a redelivered round
    // runs once in a transaction the inbox insert rolls back, then is found processed. The
    // handler may see it once more; its effects never stay.
    expect(calls.length - callsBefore).toBeLessThanOrEqual(callsBefore);
    expect(consumer.stats.processed).toBe(sent.length);
    expect((await applied()).length).toBe(sent.length);
    expect(await inboxCount()).toEqual({ rows: sent.length, distinct: sent.length });
  });

  it("decodes a batch's later chunks while its earlier ones are applied, and dead-letters the undecodable ones of every chunk in order, the rest applied once in case order", async () => {
    const sent = casesFlow(12, 20);
    const broken = new Set([7, 95, 160].map((i) => sent[i].eventId));
    await send(
      1,
      sent.map((s, i) =>
        broken.has(s.eventId)
          ? { ...s, message: { ...(s.message as object), value: `not json ${i}` } as never }
          : s,
      ),
    );
    let decodedCount = 0;
    const decodedWhenCommitted: number[] = [];
    await start({
      handlers: { CaseOpened: perEvent },
      maxEventsPerTransaction: 60,
      decode: (raw) => {
        decodedCount += 1;
        return decodeCloudEvent(raw);
      },
      afterChunkCommitted: async () => {
        decodedWhenCommitted.push(decodedCount);
      },
    });

    const good = sent.filter((s) => !broken.has(s.eventId));
    await waitFor('every good event', async () => (await applied()).length === good.length);
    const letters = await waitFor('three dead letters', async () => {
      const found = await listDeadLetters(kafka, topic, groupId);
      return found.length === 3 ? found : undefined;
    });
    expect(letters.map((letter) => letter.originalOffset)).toEqual(['7', '95', '160']);
    expect(new Set(letters.map((letter) => letter.reason))).toEqual(new Set(['undecodable']));
    // 240 messages in chunks of 60: by the time the first chunk committed, the next was being
    // decoded already (without decoding ahead it would be exactly 60).
    expect(decodedWhenCommitted[0]).toBeGreaterThan(60);
    expect((await applied()).map((row) => row.event_id).sort()).toEqual(
      good.map((s) => s.eventId).sort(),
    );
    const byCase = await revisionsByCase();
    for (const [caseKey, revisions] of Object.entries(byCase)) {
      expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
      expect(revisions.length).toBe(good.filter((s) => s.caseKey === caseKey).length);
    }
  });
});
