// Stops and restarts Kafka in the middle of a flow, so it runs on a broker of its own.
import { randomUUID } from 'node:crypto';
import { startOwnKafka, type OwnKafka } from '@dinsos/testing';
import { logLevel } from 'kafkajs';
import { EventConsumer } from './consumer/event-consumer';
import { createKafkaClient } from './kafka/kafka-client';
import { provisionTopics } from './kafka/topics';
import { EventRelay } from './relay/event-relay';
import { relaySourceFromStore } from './relay/store-relay-source';
import {
  caseEvent,
  effects,
  recordEffect,
  setUpDatabase,
  waitFor,
  type MessagingTestContext,
} from './testing/fixtures';

describe('a Kafka outage during a flow', () => {
  let broker: OwnKafka;
  let ctx: MessagingTestContext;
  beforeAll(async () => {
    [broker, ctx] = await Promise.all([startOwnKafka(), setUpDatabase()]);
  }, 180_000);
  afterAll(async () => {
    await ctx?.close();
    await broker?.destroy();
  }, 60_000);

  it('loses no event: commands go on into the store, and the flow finishes after the broker is back', async () => {
    const kafka = createKafkaClient({
      brokers: broker.brokers,
      clientId: 'outage',
      level: logLevel.NOTHING,
    });
    const topic = 'dinsos.intake.events.v1';
    await provisionTopics(kafka, [topic], { partitions: 3 });
    const relay = new EventRelay({
      name: 'intake',
      source: relaySourceFromStore(ctx.store, 'intake'),
      kafka,
      databaseUrl: ctx.db.appUrl,
      batchSize: 20,
      leaseRetryMs: 300,
    });
    const consumer = new EventConsumer({
      kafka,
      groupId: 'outage-effects',
      topics: [topic],
      pool: ctx.pool,
      handlers: { CaseOpened: recordEffect },
    });
    relay.start();
    await consumer.start();

    const appended: string[] = [];
    const appendCase = async (caseId: string) => {
      for (let n = 0; n < 5; n += 1) {
        const event = caseEvent(caseId, n);
        await ctx.store.appendToStream(`intakeCase-${caseId}`, [event], {
          expectedRevision: n - 1 < 0 ? 'noStream' : n - 1,
        });
        appended.push(event.eventId);
      }
    };
    for (let i = 0; i < 4; i += 1) await appendCase(`before-${i}-${randomUUID().slice(0, 4)}`);
    await waitFor(
      'some effects before the outage',
      async () => (await effects(ctx.pool)).length > 0,
    );

    await broker.stop();
    for (let i = 0; i < 4; i += 1) await appendCase(`during-${i}-${randomUUID().slice(0, 4)}`);
    await broker.start();

    await waitFor(
      'every effect after the outage',
      async () => (await effects(ctx.pool)).length >= appended.length,
      120_000,
    );
    expect((await effects(ctx.pool)).map((r) => r.event_id).sort()).toEqual([...appended].sort());

    await relay.stop();
    await consumer.stop();
  }, 240_000);
});
