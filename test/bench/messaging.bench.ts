// `npm run bench -- messaging`: the relay against a raw kafkajs producer sending the same messages
// to the same broker, and EventConsumer against plain kafkajs consumers doing the same inserts
// without an inbox: per event against one insert per message, batch-form against one multi-row
// insert per fetched batch (the practical limit), each on a topic of 1 and of 12 partitions.
// Ratios only: both sides run in the same process, same run; goals are printed, never asserted.
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
  type EventConsumerOptions,
  type EventHandler,
  type InboundEvent,
  type RawMessage,
  type RelaySource,
} from '@dinsos/messaging';
import { caseEvent } from '@dinsos/messaging/testing';
import {
  createTestDatabase,
  createTopicPrefix,
  getTestInfrastructure,
  testRoles,
} from '@dinsos/testing';
import { logLevel, type Kafka, type Message } from 'kafkajs';
import { Client, Pool, type PoolClient } from 'pg';
import { streamingTable } from './table';

/** Events a per-event row measures over. */
const EVENTS = Number(process.env.BENCH_MESSAGING_EVENTS ?? 5000);
/** Events the store holds, and the relay and its baseline send. */
const FAST_EVENTS = 4 * EVENTS;
/**
 * Events a batch row consumes: the store's events five times over, each copy with event ids of
 * its own. At the store's 20,000 a consumer of 12 partitions is done within two or three fetches,
 * which measures how it starts rather than its steady rate.
 */
const BATCH_EVENTS = 5 * FAST_EVENTS;
/** Events per case: keys spread over FAST_EVENTS / 10 cases, so every partition gets its share. */
const EVENTS_PER_CASE = 10;
const BATCH = 500;
/**
 * Rounds of each pair of rows that are compared, the median reported: the relay and its
 * baseline take well under a second each, and a batch row a few seconds, where this machine's
 * speed swings by half between one second and the next.
 */
const ROUNDS = 3;
const PARTITION_COUNTS = [1, 12];
/** Partitions processed at once, the same for EventConsumer and the plain consumers. */
const PARTITIONS_CONCURRENTLY = 4;
const POOL_SIZE = 8;

const goals = { relay: 0.9, perEvent: 0.6, batchForm: 0.7 };

/**
 * Measuring time at the rates seen here: filling the store, the relay's rounds, and per partition
 * count the per-event pair and the batch rounds, each consumer joining its group (a second or
 * two) before its own work.
 */
export const estimatedSeconds =
  10 +
  FAST_EVENTS / 1000 +
  PARTITION_COUNTS.length *
    (2 * 1.5 + EVENTS / 2000 + ROUNDS * (4 * 1.5 + (2 * BATCH_EVENTS) / 12_000));

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

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const perSecond = (rate: number) => Math.round(rate).toLocaleString('en-US');

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
  await asOwner(
    db.ownerUrl,
    `create table effect (event_id uuid not null, type text not null);
     grant select, insert on effect to ${testRoles.app.name}`,
  );
  const pool = new Pool({ connectionString: db.appUrl, max: POOL_SIZE });
  const store = new PostgresEventStore(pool);

  try {
    for (let c = 0; c < FAST_EVENTS / EVENTS_PER_CASE; c += 1) {
      const caseId = `bench-${c}`;
      await store.appendToStream(
        `intakeCase-${caseId}`,
        Array.from({ length: EVENTS_PER_CASE }, (_, n) => caseEvent(caseId, n)),
        { expectedRevision: 'noStream' },
      );
    }
    // As autovacuum soon does on a live store: without statistics PostgreSQL plans readAll on a
    // freshly filled table as a scan and sort of all events after the position, for every page.
    await asOwner(db.ownerUrl, 'analyze event_store.events');
    // The same messages the relay sends, read once up front for the raw producer and the consumers.
    const messages = await readAll(relaySourceFromStore(store, 'intake'));

    console.log(
      `${FAST_EVENTS} events over ${FAST_EVENTS / EVENTS_PER_CASE} cases; a row's rate is over ` +
        `the events it names; consumers take ${PARTITIONS_CONCURRENTLY} partitions at once; ` +
        `each row is printed once measured`,
    );
    const table = streamingTable([
      { title: 'measure', width: 52 },
      { title: 'partitions', width: 10 },
      { title: 'events', width: 6 },
      { title: 'events/s', width: 8 },
      { title: 'ratio', width: 5 },
      { title: 'goal' },
    ]);
    const baseline = (measure: string, partitions: number, events: number, rate: number) =>
      table.row([measure, String(partitions), String(events), perSecond(rate), '1']);
    const against = (
      measure: string,
      partitions: number,
      events: number,
      rate: number,
      ratio: number,
      goal: number,
    ) =>
      table.row([
        measure,
        String(partitions),
        String(events),
        perSecond(rate),
        ratio.toFixed(2),
        `≥ ${goal} ${ratio >= goal ? 'met' : 'not met'}`,
      ]);

    // The relay: a few rounds, each against a raw producer just before it, on topics of their own.
    const rawRates: number[] = [];
    const relayRates: number[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      rawRates.push(await rawProducerRate(kafka, messages));
      relayRates.push(await relayRate(kafka, store, db.appUrl, messages.length));
    }
    baseline(`raw kafkajs producer, median of ${ROUNDS}`, 12, FAST_EVENTS, median(rawRates));
    against(
      `relay store → Kafka, median of ${ROUNDS}`,
      12,
      FAST_EVENTS,
      median(relayRates),
      // Each round's ratio is against the raw producer of that round.
      median(relayRates.map((relay, round) => relay / rawRates[round])),
      goals.relay,
    );

    const batchMessages = Array.from({ length: BATCH_EVENTS / FAST_EVENTS }, (_, copy) =>
      copy === 0 ? messages : messages.map(withNewEventId),
    ).flat();
    for (const partitions of PARTITION_COUNTS) {
      const topic = `${createTopicPrefix()}consume`;
      await provisionTopics(kafka, [topic], { partitions });
      await produce(kafka, topic, batchMessages);
      const consume = { kafka, pool, topic };

      const perMessage = await plainConsumerRate(consume, 'per message', EVENTS);
      baseline('plain consumer, insert per message', partitions, EVENTS, perMessage);
      const perEvent = await eventConsumerRate(consume, insertPerEvent, EVENTS);
      against(
        'EventConsumer, per-event handler',
        partitions,
        EVENTS,
        perEvent,
        perEvent / perMessage,
        goals.perEvent,
      );

      // Rounds of the baseline and both EventConsumer rows one after the other; each round's
      // ratios are against the baseline of that round.
      const perBatch: number[] = [];
      const batchForm: number[] = [];
      const unchecked: number[] = [];
      const inboxFloor: number[] = [];
      for (let round = 0; round < ROUNDS; round += 1) {
        perBatch.push(await plainConsumerRate(consume, 'per batch', BATCH_EVENTS));
        inboxFloor.push(
          await plainConsumerRate(consume, 'per batch, with inbox rows', BATCH_EVENTS),
        );
        batchForm.push(await eventConsumerRate(consume, insertPerBatch, BATCH_EVENTS));
        // Not a product mode: how much of the gap is the contracts' decoding and schema check
        // (the plain consumers decode nothing), and how much the inbox and the transactions.
        unchecked.push(
          await eventConsumerRate(consume, insertPerBatch, BATCH_EVENTS, { decode: envelopeOnly }),
        );
      }
      const ratios = (rates: number[]) => median(rates.map((rate, r) => rate / perBatch[r]));
      baseline(
        `plain consumer, one insert per batch, median of ${ROUNDS}`,
        partitions,
        BATCH_EVENTS,
        median(perBatch),
      );
      against(
        `EventConsumer, batch-form handler, median of ${ROUNDS}`,
        partitions,
        BATCH_EVENTS,
        median(batchForm),
        ratios(batchForm),
        goals.batchForm,
      );
      const diagnostic = (measure: string, rates: number[], what: string) =>
        table.row([
          `diagnostic: ${measure}`,
          String(partitions),
          String(BATCH_EVENTS),
          perSecond(median(rates)),
          ratios(rates).toFixed(2),
          what,
        ]);
      diagnostic('payload unchecked', unchecked, '(what decoding costs)');
      diagnostic('plain consumer + inbox rows', inboxFloor, '(any inbox by event id)');
      const eachRound = (rates: number[]) =>
        rates.map((rate, r) => (rate / perBatch[r]).toFixed(2)).join(', ');
      console.log(
        `  rounds at ${partitions} partition(s): batch-form ${eachRound(batchForm)}; ` +
          `unchecked ${eachRound(unchecked)}; plain + inbox rows ${eachRound(inboxFloor)}`,
      );
    }
  } finally {
    await store.close();
    await pool.end();
    await db.drop();
  }
}

async function asOwner(ownerUrl: string, sql: string): Promise<void> {
  const owner = new Client({ connectionString: ownerUrl });
  await owner.connect();
  try {
    await owner.query(sql);
  } finally {
    await owner.end();
  }
}

async function readAll(source: RelaySource): Promise<Message[]> {
  const messages: Message[] = [];
  for (let after: string | undefined; ;) {
    const page = await source(after, BATCH);
    if (!page.length) return messages;
    messages.push(...page.map((item) => item.message));
    after = page[page.length - 1].position;
  }
}

/** Sends `messages` in pages of the relay's size with the relay's producer settings. */
async function produce(
  kafka: Kafka,
  topic: string,
  messages: Message[],
  onSent: (count: number) => void = () => undefined,
): Promise<void> {
  const producer = createIdempotentProducer(kafka);
  await producer.connect();
  try {
    for (let i = 0; i < messages.length; i += BATCH) {
      const page = messages.slice(i, i + BATCH);
      await producer.send({ topic, acks: -1, messages: page });
      onSent(page.length);
    }
  } finally {
    await producer.disconnect();
  }
}

/** The raw baseline: the relay's messages, already built, sent as the relay sends them. */
async function rawProducerRate(kafka: Kafka, messages: Message[]): Promise<number> {
  const topic = `${createTopicPrefix()}raw`;
  await provisionTopics(kafka, [topic], { partitions: 12 });
  let sent = 0;
  const rate = steadyRate(() => sent, messages.length);
  await produce(kafka, topic, messages, (count) => (sent += count));
  return rate;
}

/** The relay from the start of the store to a topic of its own: reads, builds, sends, checkpoints. */
async function relayRate(
  kafka: Kafka,
  store: PostgresEventStore,
  databaseUrl: string,
  total: number,
): Promise<number> {
  const prefix = createTopicPrefix();
  await provisionTopics(kafka, [`${prefix}dinsos.intake.events.v1`], { partitions: 12 });
  const relay = new EventRelay({
    name: `bench-${prefix}`,
    source: relaySourceFromStore(store, 'intake', { topicPrefix: prefix }),
    kafka,
    databaseUrl,
    batchSize: BATCH,
  });
  relay.start();
  try {
    return await steadyRate(() => relay.state.published, total);
  } finally {
    await relay.stop();
  }
}

interface Consume {
  kafka: Kafka;
  pool: Pool;
  topic: string;
}

/** A kafkajs consumer without an inbox: the same insert per message, or one per fetched batch. */
async function plainConsumerRate(
  { kafka, pool, topic }: Consume,
  insert: 'per message' | 'per batch' | 'per batch, with inbox rows',
  total: number,
): Promise<number> {
  let count = 0;
  const groupId = `${createTopicPrefix()}plain`;
  const consumer = kafka.consumer({ groupId, maxWaitTimeInMs: 500 });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  if (insert === 'per message') {
    await consumer.run({
      partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
      eachMessage: async ({ message }) => {
        await pool.query('insert into effect values ($1, $2)', [
          randomUUID(),
          message.headers?.ce_type?.toString(),
        ]);
        count += 1;
      },
    });
  } else if (insert === 'per batch') {
    await consumer.run({
      partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        await pool.query('insert into effect select * from unnest($1::uuid[], $2::text[])', [
          batch.messages.map(() => randomUUID()),
          batch.messages.map((message) => message.headers?.ce_type?.toString()),
        ]);
        resolveOffset(batch.lastOffset());
        count += batch.messages.length;
        await heartbeat();
      },
    });
  } else {
    // The floor of any consumer with an inbox keyed by event id: the same insert and the
    // messages' ids in the inbox table, in one transaction per fetched batch, nothing decoded;
    // the inbox rows and the commit in one round trip, as EventConsumer sends them.
    await consumer.run({
      partitionsConsumedConcurrently: PARTITIONS_CONCURRENTLY,
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        const ids = batch.messages.map((message) => String(message.headers?.ce_id));
        const types = batch.messages.map((message) => String(message.headers?.ce_type));
        const client = await pool.connect();
        try {
          await client.query('begin');
          await client.query('insert into effect select * from unnest($1::uuid[], $2::text[])', [
            ids,
            types,
          ]);
          const arrayOf = (values: string[]) =>
            client.escapeLiteral(`{${values.map((value) => JSON.stringify(value)).join(',')}}`);
          await client.query(
            `insert into messaging_inbox (consumer_group, event_id, event_type)
             select ${client.escapeLiteral(groupId)}, unnest(${arrayOf(ids)}::uuid[]),
                    unnest(${arrayOf(types)}::text[]);
             commit`,
          );
        } finally {
          client.release();
        }
        resolveOffset(batch.lastOffset());
        count += batch.messages.length;
        await heartbeat();
      },
    });
  }
  try {
    return await steadyRate(() => count, total);
  } finally {
    await consumer.disconnect();
  }
}

async function eventConsumerRate(
  { kafka, pool, topic }: Consume,
  handler: EventHandler,
  total: number,
  options: Pick<EventConsumerOptions, 'decode'> = {},
): Promise<number> {
  const consumer = new EventConsumer({
    kafka,
    groupId: `${createTopicPrefix()}inbox`,
    topics: [topic],
    pool,
    handlers: { CaseOpened: handler },
    partitionsConcurrency: PARTITIONS_CONCURRENTLY,
    ...options,
  });
  await consumer.start();
  try {
    return await steadyRate(() => consumer.stats.processed, total);
  } finally {
    await consumer.stop();
  }
}

/** The same message as another event: a consumer's inbox takes it for a new one. */
function withNewEventId(message: Message): Message {
  return { ...message, headers: { ...message.headers, ce_id: randomUUID() } };
}

/** The four envelope values the bench's handler uses, read from the headers: no JSON, no schema. */
function envelopeOnly(raw: RawMessage): InboundEvent {
  const header = (name: string) => String(raw.headers[name]);
  return {
    eventId: header('ce_id'),
    type: 'CaseOpened',
    schemaVersion: 1,
    caseKey: header('ce_subject'),
    payload: undefined,
    topic: raw.topic,
  };
}

async function insertOne(event: InboundEvent, _prepared: unknown, tx: PoolClient): Promise<void> {
  await tx.query('insert into effect values ($1, $2)', [event.eventId, event.type]);
}

const insertPerEvent: EventHandler = { apply: insertOne };

/** One multi-row insert for a run of events; apply() for when the consumer goes one by one. */
const insertPerBatch: EventHandler = {
  apply: insertOne,
  applyBatch: async (events, _prepared, tx) =>
    void (await tx.query('insert into effect select * from unnest($1::uuid[], $2::text[])', [
      events.map((event) => event.eventId),
      events.map((event) => event.type),
    ])),
};
