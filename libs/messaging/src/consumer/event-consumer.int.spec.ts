import { randomUUID } from 'node:crypto';
import { createTopicPrefix } from '@dinsos/testing';
import type { Kafka, Message } from 'kafkajs';
import { listDeadLetters, replayDeadLetters } from '../dead-letters/dead-letters';
import { provisionTopics } from '../kafka/topics';
import {
  caseMessage,
  effects,
  setUpDatabase,
  sharedKafka,
  waitFor,
  type MessagingTestContext,
  recordEffect,
} from '../testing/fixtures';
import { EventConsumer, type EventHandler } from './event-consumer';
import { encodeHeaders, headerText } from './raw-message';

describe('EventConsumer against a real broker', () => {
  let ctx: MessagingTestContext;
  let kafka: Kafka;
  let topic: string;
  let groupId: string;
  let consumer: EventConsumer | undefined;

  beforeAll(async () => {
    kafka = await sharedKafka('consumer-test');
  });
  beforeEach(async () => {
    ctx = await setUpDatabase();
    topic = `${createTopicPrefix()}dinsos.intake.events.v1`;
    groupId = `group-${randomUUID().slice(0, 8)}`;
    // One partition: every case shares it, so a poison message would block them all if it could.
    await provisionTopics(kafka, [topic], { partitions: 1 });
  });
  afterEach(async () => {
    await consumer?.stop();
    consumer = undefined;
    await ctx.close();
  });

  async function send(messages: Message[]) {
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic, messages, acks: -1 });
    await producer.disconnect();
  }

  function startConsumer(
    handler: EventHandler = recordEffect,
    sessionTimeoutMs?: number,
    isRetryable?: (error: Error) => boolean,
  ) {
    consumer = new EventConsumer({
      kafka,
      groupId,
      topics: [topic],
      pool: ctx.pool,
      handlers: { CaseOpened: handler },
      retry: { attempts: 3, initialBackoffMs: 20, maxBackoffMs: 100 },
      sessionTimeoutMs,
      isRetryable,
    });
    return consumer.start();
  }

  it('produces each effect once when every message arrives twice', async () => {
    const sent = Array.from({ length: 20 }, (_, i) => caseMessage(`case-${i % 4}`, i));
    await send([...sent.map((s) => s.message), ...sent.map((s) => s.message)]);
    await startConsumer();
    await waitFor(
      '40 deliveries',
      async () => consumer!.stats.processed + consumer!.stats.duplicates >= 40,
    );
    const rows = await effects(ctx.pool);
    expect(rows.map((r) => r.event_id).sort()).toEqual(sent.map((s) => s.eventId).sort());
    expect(consumer!.stats.duplicates).toBeGreaterThanOrEqual(20);
  });

  it('dead-letters a message that always fails, keeps other cases flowing, parks the failed case until the replay', async () => {
    let broken = true;
    const failing: EventHandler = {
      apply: async (event, prepared, tx) => {
        if (broken && event.eventId === poison.eventId)
          throw new Error('assessment template missing');
        await recordEffect.apply(event, prepared, tx);
      },
    };
    const first = caseMessage('case-A', 0);
    const poison = caseMessage('case-A', 1);
    const otherCase = caseMessage('case-B', 0);
    const afterPoison = caseMessage('case-A', 2);
    const otherCaseLater = caseMessage('case-C', 0);
    await send([first, poison, otherCase, afterPoison, otherCaseLater].map((s) => s.message));
    await startConsumer(failing);

    await waitFor('the other cases', async () => (await effects(ctx.pool)).length >= 3);
    await waitFor('the parked message', async () => consumer!.stats.parked >= 1);
    const handled = (await effects(ctx.pool)).map((r) => r.event_id);
    expect(handled.sort()).toEqual(
      [first.eventId, otherCase.eventId, otherCaseLater.eventId].sort(),
    );

    const letters = await listDeadLetters(kafka, topic, groupId);
    expect(letters).toHaveLength(1);
    expect(letters[0]).toMatchObject({
      eventId: poison.eventId,
      reason: 'handler-failed',
      error: 'assessment template missing',
      originalTopic: topic,
      replayed: false,
    });
    expect(headerText(letters[0].headers, 'dlq-attempts')).toBe('3');

    broken = false;
    const replayed = await replayDeadLetters(kafka, topic, groupId);
    expect(replayed.map((l) => l.eventId)).toEqual([poison.eventId]);
    await waitFor('the case to complete', async () => (await effects(ctx.pool)).length === 5);
    const caseA = (await effects(ctx.pool))
      .filter((r) => r.case_key === 'case-A')
      .map((r) => r.event_id);
    expect(caseA).toEqual([first.eventId, poison.eventId, afterPoison.eventId]);
    const parked = await ctx.pool.query('select count(*)::int as n from messaging_parked_case');
    expect(parked.rows[0].n).toBe(0);
    expect((await listDeadLetters(kafka, topic, groupId))[0].replayed).toBe(true);
  });

  it('dead-letters malformed messages with their reason and carries on', async () => {
    const good = caseMessage('case-ok', 0);
    const valid = caseMessage('case-x', 0).message;
    const withoutType = { ...valid.headers };
    delete (withoutType as Record<string, string>).ce_type;
    const malformed: Message[] = [
      { key: 'case-x', value: 'this is not json {', headers: valid.headers },
      { key: 'case-x', value: valid.value, headers: withoutType },
      {
        key: 'case-x',
        value: valid.value,
        headers: { ...valid.headers, ce_type: 'id.go.dinsos.intake.NoSuchEvent.v1' },
      },
      { key: 'case-x', value: JSON.stringify({ caseNumber: 42 }), headers: valid.headers },
    ];
    await send([...malformed, good.message]);
    await startConsumer();
    await waitFor('the good message', async () => (await effects(ctx.pool)).length === 1);
    const letters = await waitFor('four dead letters', async () => {
      const found = await listDeadLetters(kafka, topic, groupId);
      return found.length === 4 ? found : undefined;
    });
    expect(letters.map((l) => l.reason)).toEqual([
      'undecodable',
      'undecodable',
      'undecodable',
      'undecodable',
    ]);
    expect(letters.map((l) => l.error?.split(':')[0])).toEqual([
      'not-json',
      'missing-header',
      'unknown-event-type',
      'schema-violation',
    ]);
    expect((await effects(ctx.pool)).map((r) => r.event_id)).toEqual([good.eventId]);
  });

  it('keeps its group membership through a handler slower than the session timeout, holding no transaction meanwhile', async () => {
    const slow = caseMessage('case-slow', 0);
    const next = caseMessage('case-next', 0);
    let openTransactionsDuringSlowWork = -1;
    const slowHandler: EventHandler<string> = {
      prepare: async (event) => {
        if (event.eventId === slow.eventId) {
          await new Promise((r) => setTimeout(r, 9000));
          const { rows } = await ctx.pool.query(
            `select count(*)::int as n from pg_stat_activity
              where datname = current_database() and state like 'idle in transaction%'`,
          );
          openTransactionsDuringSlowWork = rows[0].n;
        }
        return 'prepared';
      },
      apply: recordEffect.apply,
    };
    await send([slow.message, next.message]);
    // 6 s is the broker's minimum session timeout; the slow work takes 9 s.
    await startConsumer(slowHandler, 6000);
    await waitFor('both messages', async () => (await effects(ctx.pool)).length === 2, 60_000);
    expect(consumer!.stats.groupJoins).toBe(1);
    expect(consumer!.stats.processed).toBe(2);
    expect(openTransactionsDuringSlowWork).toBe(0);
  }, 90_000);

  it('dead-letters at once an error its retry policy calls permanent', async () => {
    const refused = caseMessage('case-rule', 0);
    let calls = 0;
    const breaksRule: EventHandler = {
      apply: async () => {
        calls += 1;
        throw new Error('RULE: the case is already closed');
      },
    };
    await send([refused.message]);
    await startConsumer(breaksRule, undefined, (error) => !error.message.startsWith('RULE:'));
    const letters = await waitFor('the dead letter', async () => {
      const found = await listDeadLetters(kafka, topic, groupId);
      return found.length ? found : undefined;
    });
    expect(calls).toBe(1);
    expect(headerText(letters[0].headers, 'dlq-attempts')).toBe('1');
  });

  it('finishes an interrupted drain when the replayed event comes again', async () => {
    // The state a crash leaves: the replay of X committed (inbox), the case still parked behind
    // X, and Y waiting. Without the recovery, Y would wait forever.
    const x = caseMessage('case-interrupted', 0);
    const y = caseMessage('case-interrupted', 1);
    await ctx.pool.query(
      `insert into messaging_inbox (consumer_group, event_id, event_type) values ($1, $2, 'CaseOpened')`,
      [groupId, x.eventId],
    );
    await ctx.pool.query(
      `insert into messaging_parked_case (consumer_group, case_key, dead_letter_event_id, reason)
       values ($1, 'case-interrupted', $2, 'earlier failure')`,
      [groupId, x.eventId],
    );
    await ctx.pool.query(
      `insert into messaging_parked_message
         (consumer_group, case_key, event_id, topic, kafka_key, kafka_value, kafka_headers)
       values ($1, 'case-interrupted', $2, $3, 'case-interrupted', $4, $5)`,
      [
        groupId,
        y.eventId,
        topic,
        Buffer.from(String(y.message.value)),
        encodeHeaders(y.message.headers as never),
      ],
    );
    await send([x.message]);
    await startConsumer();
    await waitFor('the parked message', async () => (await effects(ctx.pool)).length === 1);
    expect((await effects(ctx.pool)).map((r) => r.event_id)).toEqual([y.eventId]);
    const parked = await ctx.pool.query('select count(*)::int as n from messaging_parked_case');
    expect(parked.rows[0].n).toBe(0);
  });
});
