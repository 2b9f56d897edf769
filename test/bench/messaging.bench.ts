// `npm run bench -- messaging`: relay throughput against a raw kafkajs producer sending the same
// messages to the same broker, and consumer throughput with the inbox against a plain consumer
// doing the same insert without it. Ratios only: both sides run in the same process, same run.
import { randomUUID } from 'node:crypto';
import { migrate, PostgresEventStore } from '@dinsos/event-store';
import {
  createIdempotentProducer,
  createKafkaClient,
  EventConsumer,
  EventRelay,
  migrateMessaging,
  provisionTopics,
  relaySourceFromStore,
  type EventHandler,
} from '@dinsos/messaging';
import { caseEvent } from '@dinsos/messaging/testing';
import {
  createTestDatabase,
  createTopicPrefix,
  getTestInfrastructure,
  testRoles,
} from '@dinsos/testing';
import { logLevel, type Message } from 'kafkajs';
import { Client, Pool } from 'pg';
import { streamingTable } from './table';

const EVENTS = Number(process.env.BENCH_MESSAGING_EVENTS ?? 5000);
const BATCH = 500;

/** Measuring time at the rates seen here (the consumer with the inbox is the slowest part). */
export const estimatedSeconds = 20 + EVENTS / 200;

async function until(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, 5));
}

/**
 * Steady-state rate of a counter: from its first progress to `total`, so the one-off costs of
 * joining a group or taking the lease do not count against either side.
 */
async function steadyRate(count: () => number, total: number): Promise<number> {
  await until(() => count() > 0);
  const start = performance.now();
  const counted = count();
  await until(() => count() >= total);
  return ((total - counted) / (performance.now() - start)) * 1000;
}

export default async function run(): Promise<void> {
  const { kafkaBrokers } = await getTestInfrastructure();
  const kafka = createKafkaClient({
    brokers: kafkaBrokers,
    clientId: 'bench',
    level: logLevel.NOTHING,
  });
  const db = await createTestDatabase();
  await migrate(db.ownerUrl, { appRole: testRoles.app.name });
  await migrateMessaging(db.ownerUrl, { appRole: testRoles.app.name });
  const owner = new Client({ connectionString: db.ownerUrl });
  await owner.connect();
  await owner.query(`create table effect (event_id uuid not null, type text not null);
                     grant select, insert on effect to ${testRoles.app.name}`);
  await owner.end();
  const pool = new Pool({ connectionString: db.appUrl, max: 8 });
  const store = new PostgresEventStore(pool);
  const prefix = createTopicPrefix();
  const relayTopic = `${prefix}dinsos.intake.events.v1`;
  const rawTopic = `${prefix}raw`;
  await provisionTopics(kafka, [relayTopic, rawTopic], { partitions: 12 });

  try {
    for (let c = 0; c < EVENTS / 10; c += 1) {
      const caseId = `bench-${c}`;
      await store.appendToStream(
        `intakeCase-${caseId}`,
        Array.from({ length: 10 }, (_, n) => caseEvent(caseId, n)),
        {
          expectedRevision: 'noStream',
        },
      );
    }
    const source = relaySourceFromStore(store, 'intake', { topicPrefix: prefix });

    // Raw baseline: the same messages, read once up front, sent in batches of the same size.
    const messages: Message[] = [];
    for (let after: string | undefined; ;) {
      const page = await source(after, BATCH);
      if (!page.length) break;
      messages.push(...page.map((item) => item.message));
      after = page[page.length - 1].position;
    }
    // The same producer settings the relay uses: the comparison is the relay's own work.
    const producer = createIdempotentProducer(kafka);
    await producer.connect();
    let rawSent = 0;
    const rawRate = steadyRate(() => rawSent, EVENTS);
    for (let i = 0; i < messages.length; i += BATCH) {
      await producer.send({ topic: rawTopic, acks: -1, messages: messages.slice(i, i + BATCH) });
      rawSent += Math.min(BATCH, messages.length - i);
    }
    const rawEventsPerSecond = await rawRate;
    await producer.disconnect();
    console.log(`${EVENTS} events; each row is printed once measured`);
    const table = streamingTable([
      { title: 'measure', width: 30 },
      { title: 'events/s', width: 8 },
      { title: 'ratio' },
    ]);
    const perSecond = (rate: number) => Math.round(rate).toLocaleString('en-US');
    table.row(['raw kafkajs producer', perSecond(rawEventsPerSecond), '1']);

    const relay = new EventRelay({
      name: `bench-${prefix}`,
      source,
      kafka,
      databaseUrl: db.appUrl,
      batchSize: BATCH,
    });
    relay.start();
    const relayEventsPerSecond = await steadyRate(() => relay.state.published, EVENTS);
    await relay.stop();
    const relayRatio = relayEventsPerSecond / rawEventsPerSecond;
    table.row([
      'relay (store → Kafka)',
      perSecond(relayEventsPerSecond),
      `${relayRatio.toFixed(2)} (goal ≥ 0.7)`,
    ]);

    // Consumers: the same messages (from the relay's topic), the same insert per message.
    const insertEffect: EventHandler = {
      apply: async (e, _p, tx) =>
        void (await tx.query('insert into effect values ($1, $2)', [e.eventId, e.type])),
    };
    let plainCount = 0;
    const plain = kafka.consumer({ groupId: `${prefix}plain` });
    await plain.connect();
    await plain.subscribe({ topic: relayTopic, fromBeginning: true });
    await plain.run({
      eachMessage: async ({ message }) => {
        await pool.query('insert into effect values ($1, $2)', [
          randomUUID(),
          message.headers?.ce_type?.toString(),
        ]);
        plainCount += 1;
      },
    });
    const plainEventsPerSecond = await steadyRate(() => plainCount, EVENTS);
    await plain.disconnect();

    table.row(['plain consumer (insert)', perSecond(plainEventsPerSecond), '1']);

    const withInbox = new EventConsumer({
      kafka,
      groupId: `${prefix}inbox`,
      topics: [relayTopic],
      pool,
      handlers: { CaseOpened: insertEffect },
    });
    await withInbox.start();
    const inboxEventsPerSecond = await steadyRate(() => withInbox.stats.processed, EVENTS);
    await withInbox.stop();
    table.row([
      'EventConsumer (inbox + insert)',
      perSecond(inboxEventsPerSecond),
      (inboxEventsPerSecond / plainEventsPerSecond).toFixed(2),
    ]);
  } finally {
    await store.close();
    await pool.end();
    await db.drop();
  }
}
