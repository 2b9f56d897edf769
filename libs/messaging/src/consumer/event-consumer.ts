import { performance } from 'node:perf_hooks';
import type { Consumer, IHeaders, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { Pool, PoolClient, QueryResult } from 'pg';
import { deadLetterTopic, provisionTopics, type TopicProvisioning } from '../kafka/topics';
import {
  inChunkOrder,
  planChunk,
  roundsOf,
  runsByType,
  type ChunkState,
  type DecodedMessage,
} from './chunk-plan';
import { decodeCloudEvent } from './cloud-event-decoder';
import { UndecodableMessage, type Decode, type InboundEvent } from './inbound-event';
import { decodeHeaders, encodeHeaders, headerText, type RawMessage } from './raw-message';
import { createIdempotentProducer } from '../kafka/kafka-client';

/**
 * How one event type is handled. Slow work (calls to other systems, rendering, decryption) goes in
 * prepare(), outside any transaction: the event store's read horizon is cluster-wide, so a
 * transaction must not stay open while a handler waits. apply() then writes effects and new events
 * in the transaction that also records the event in the inbox, and commits at once.
 *
 * The consumer applies a fetched batch's events in as few transactions as it can, in Kafka order,
 * after preparing them: a handler with prepare() sees every earlier event of the same case
 * committed (a case's second such event starts a new transaction, see roundsOf), so what it
 * prepared is never older than the case's earlier events in the batch. A handler may add the
 * batch form, applyBatch(), which applies a run of consecutive events of its type in one
 * statement (projections); the consumer then calls it for runs and apply() when it goes one
 * event at a time (a retry after a batch failed).
 */
export interface EventHandler<Prepared = unknown> {
  prepare?(event: InboundEvent): Promise<Prepared>;
  apply(event: InboundEvent, prepared: Prepared, transaction: PoolClient): Promise<void>;
  applyBatch?(
    events: readonly InboundEvent[],
    prepared: readonly Prepared[],
    transaction: PoolClient,
  ): Promise<void>;
}

/** A handler with the batch form only: one event at a time, the consumer calls it with one. */
export interface BatchEventHandler<Prepared = unknown> {
  prepare?(event: InboundEvent): Promise<Prepared>;
  apply?(event: InboundEvent, prepared: Prepared, transaction: PoolClient): Promise<void>;
  applyBatch(
    events: readonly InboundEvent[],
    prepared: readonly Prepared[],
    transaction: PoolClient,
  ): Promise<void>;
}

// Handlers differ in what prepare() returns; the registry cannot name one type for all of them.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyEventHandler = EventHandler<any> | BatchEventHandler<any>;

export interface RetryPolicy {
  attempts: number;
  initialBackoffMs: number;
  maxBackoffMs: number;
}

export interface EventConsumerOptions {
  kafka: Kafka;
  groupId: string;
  topics: string[];
  /** The app role's pool: inbox, parked cases and the handlers' transactions. */
  pool: Pool;
  /** By event type: each has apply(), applyBatch() or both. */
  handlers: Record<string, AnyEventHandler>;
  /** Default: the contracts' CloudEvents decoder. */
  decode?: Decode;
  retry?: Partial<RetryPolicy>;
  /**
   * Whether a handler's error may go away on a retry (default: every error). A broken domain
   * rule will not: answer false for it and the message goes to the dead-letter topic at once.
   */
  isRetryable?: (error: Error) => boolean;
  /** Provisioning of the dead-letter topics this consumer creates. */
  topicProvisioning?: TopicProvisioning;
  sessionTimeoutMs?: number;
  /**
   * How long the broker may hold a fetch open when there is nothing new (Kafka's fetch.max.wait.ms).
   * A stop waits for the fetch in flight, so this bounds how long a stop takes. Default 500, as
   * the Java client's (kafkajs's own is 5000).
   */
  maxWaitTimeMs?: number;
  /**
   * Partitions processed at the same time (kafkajs's partitionsConsumedConcurrently); one
   * partition's batch is processed in order, so each case's events stay in order. Each partition
   * in flight holds one pool connection for its transaction and takes others briefly for its
   * prepare steps, so the pool should have a few more than this. Default 4, fewer when the pool
   * has fewer than 6 connections.
   */
  partitionsConcurrency?: number;
  /** The most events one transaction applies: a larger fetched batch is split. Default 500. */
  maxEventsPerTransaction?: number;
  /** Told of each fetched partition batch once it is done, for the latency metrics. */
  onBatch?: (report: ConsumerBatchReport) => void;
  /**
   * Called when a chunk of a batch is committed in the database, before its offsets are marked
   * for commit to Kafka. Tests throw here to play a process that dies between the two.
   */
  afterChunkCommitted?: (chunk: {
    topic: string;
    partition: number;
    lastOffset: string;
  }) => Promise<void>;
  log?: (
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ) => void;
}

export interface ConsumerStats {
  /** Times this instance joined its group: more than once means it was kicked out or rebalanced. */
  groupJoins: number;
  processed: number;
  duplicates: number;
  skipped: number;
  parked: number;
  deadLettered: number;
  /** Fetched partition batches done, and how long they took together and the latest one. */
  batches: number;
  batchDurationMsTotal: number;
  lastBatchDurationMs: number;
}

export interface ConsumerBatchReport {
  topic: string;
  partition: number;
  messages: number;
  durationMs: number;
}

/** Header a replayed dead letter carries: the consumer group whose dead letter it was. */
export const replayGroupHeader = 'dinsos-replay-group';

const defaultRetry: RetryPolicy = { attempts: 5, initialBackoffMs: 100, maxBackoffMs: 5000 };
const defaultMaxEventsPerTransaction = 500;
/**
 * Messages decoded between two looks at the event loop: about 0.3 ms of work, so a database
 * answer waits at most that long to be taken up.
 */
const decodeSlice = 50;
/** Prepare steps of one chunk run at once: they are slow calls, but each may take a connection. */
const prepareConcurrency = 4;
// The inbox's event_id is a uuid: a message with another id could never be recorded as processed.
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Decoded = DecodedMessage<AnyEventHandler>;

/**
 * A chunk's messages decoded: those with a handler, those that could not be decoded, and how many
 * are of a type this consumer does not handle.
 */
interface DecodedChunk {
  decoded: Decoded[];
  undecodable: Array<{ raw: RawMessage; reason: string }>;
  skipped: number;
}

/** What a chunk's transaction left for the per-event path. */
interface LeftOver {
  messages: Decoded[];
  /** By the message's index in the chunk. */
  permanentFailures: Map<number, Error>;
}

type Outcome = { ok: true } | { ok: false; error: Error; attempts: number };

/**
 * Consumes events by type with an inbox (each event's effects happen once per group, whatever the
 * redeliveries), bounded retries with backoff, then a dead-letter topic `<topic>.<group>.dlq`.
 * A case whose message was dead-lettered is parked: its later messages wait in the database, in
 * order, until the dead letter is replayed (see dead-letters.ts), so no case skips a step, while
 * other cases on the same partition keep flowing. No error escapes to kafkajs except a failure of
 * the infrastructure (database unreachable, dead letter not written): then the batch is
 * redelivered and nothing is lost.
 *
 * Throughput: each fetched partition batch is applied in as few transactions as the guarantees
 * allow (one per chunk of at most `maxEventsPerTransaction`): its handlers' effects and its inbox
 * rows (one statement) commit together, and the offsets are committed after. Nothing is looked
 * up before: the inbox insert itself refuses a chunk that holds a processed event or a parked
 * case, and it goes with the COMMIT in one round trip (BEGIN, the handlers' statements, then
 * that). A chunk that fails is rolled back and redone one event at a time, which isolates a
 * poison message. Partitions are processed concurrently.
 */
export class EventConsumer {
  readonly stats: ConsumerStats = {
    groupJoins: 0,
    processed: 0,
    duplicates: 0,
    skipped: 0,
    parked: 0,
    deadLettered: 0,
    batches: 0,
    batchDurationMsTotal: 0,
    lastBatchDurationMs: 0,
  };
  private consumer?: Consumer;
  private producer?: Producer;
  private readonly retry: RetryPolicy;
  private readonly log: NonNullable<EventConsumerOptions['log']>;
  private readonly decode: Decode;
  private readonly maxEventsPerTransaction: number;
  private readonly partitionsConcurrency: number;

  constructor(private readonly options: EventConsumerOptions) {
    this.retry = { ...defaultRetry, ...options.retry };
    this.decode = options.decode ?? decodeCloudEvent;
    this.log = options.log ?? (() => undefined);
    this.maxEventsPerTransaction = Math.max(
      1,
      options.maxEventsPerTransaction ?? defaultMaxEventsPerTransaction,
    );
    const poolSize = options.pool.options?.max ?? 10;
    this.partitionsConcurrency = Math.max(
      1,
      options.partitionsConcurrency ?? Math.min(4, poolSize - 2),
    );
    for (const [type, handler] of Object.entries(options.handlers)) {
      if (typeof handler.apply !== 'function' && typeof handler.applyBatch !== 'function')
        throw new Error(`the handler of ${type} has neither apply() nor applyBatch()`);
    }
  }

  async start(): Promise<void> {
    const { kafka, groupId, topics } = this.options;
    await provisionTopics(
      kafka,
      topics.map((topic) => deadLetterTopic(topic, groupId)),
      // One partition: dead-letters.ts reads a DLQ in order from partition 0.
      { ...this.options.topicProvisioning, partitions: 1 },
    );
    this.producer = createIdempotentProducer(kafka);
    await this.producer.connect();
    this.consumer = kafka.consumer({
      groupId,
      sessionTimeout: this.options.sessionTimeoutMs ?? 30_000,
      heartbeatInterval: 3000,
      maxWaitTimeInMs: this.options.maxWaitTimeMs ?? 500,
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, () => {
      this.stats.groupJoins += 1;
    });
    await this.consumer.connect();
    await this.consumer.subscribe({ topics, fromBeginning: true });
    await this.consumer.run({
      // kafkajs commits the resolved offsets after each batch (and before it rejoins or
      // redelivers after an error); an offset is resolved only once its chunk has committed.
      autoCommit: true,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.partitionsConcurrency,
      eachBatch: async ({ batch, resolveOffset, heartbeat, isRunning, isStale }) => {
        const started = performance.now();
        // kafkajs heartbeats only between batches; a long chunk keeps the membership alive here.
        const beating = setInterval(() => void heartbeat().catch(() => undefined), 2000);
        const { topic, partition, messages } = batch;
        const chunks: RawMessage[][] = [];
        for (let from = 0; from < messages.length; from += this.maxEventsPerTransaction) {
          chunks.push(
            messages
              .slice(from, from + this.maxEventsPerTransaction)
              .map((message) => rawMessageOf(topic, partition, message)),
          );
        }
        const decoding = this.decodeAhead(chunks);
        try {
          for (let c = 0; c < chunks.length; c += 1) {
            // Stopping, or the partition was sought or taken away: the rest is redelivered.
            if (!isRunning() || isStale()) return;
            const chunk = chunks[c];
            await this.processChunk(await decoding.chunk(c));
            const lastOffset = chunk[chunk.length - 1].offset;
            await this.options.afterChunkCommitted?.({ topic, partition, lastOffset });
            resolveOffset(lastOffset);
            await heartbeat();
          }
          this.recordBatch({
            topic,
            partition,
            messages: messages.length,
            durationMs: performance.now() - started,
          });
        } finally {
          decoding.cancel();
          clearInterval(beating);
        }
      },
    });
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    await this.producer?.disconnect();
    this.consumer = undefined;
    this.producer = undefined;
  }

  private recordBatch(report: ConsumerBatchReport): void {
    this.stats.batches += 1;
    this.stats.batchDurationMsTotal += report.durationMs;
    this.stats.lastBatchDurationMs = report.durationMs;
    this.options.onBatch?.(report);
  }

  /**
   * Decodes a batch's chunks in order, a slice at a time between the consumer's own I/O: while a
   * chunk's transaction waits on the database, the next chunk is being decoded (the contracts'
   * parsing and schema checks are most of a batch-form consumer's own work).
   */
  private decodeAhead(chunks: readonly (readonly RawMessage[])[]): {
    chunk(index: number): Promise<DecodedChunk>;
    cancel(): void;
  } {
    let cancelled = false;
    const settled: Array<{ resolve(chunk: DecodedChunk): void; reject(error: unknown): void }> = [];
    const results = chunks.map(
      () =>
        new Promise<DecodedChunk>((resolve, reject) => {
          settled.push({ resolve, reject });
        }),
    );
    // A chunk left undone (stop, stale batch) is never awaited: its promise must not go unhandled.
    for (const result of results) result.catch(() => undefined);
    const decodeAll = async () => {
      let decodedInBatch = 0;
      for (let c = 0; c < chunks.length; c += 1) {
        const decodedChunk: DecodedChunk = { decoded: [], undecodable: [], skipped: 0 };
        const chunk = chunks[c];
        for (let index = 0; index < chunk.length; index += 1) {
          if (decodedInBatch > 0 && decodedInBatch % decodeSlice === 0) {
            await new Promise((resolve) => setImmediate(resolve));
            if (cancelled) return;
          }
          this.decodeInto(decodedChunk, chunk[index], index);
          decodedInBatch += 1;
        }
        settled[c].resolve(decodedChunk);
      }
    };
    decodeAll().catch((error: unknown) => settled.forEach(({ reject }) => reject(error)));
    return {
      chunk: (index) => results[index],
      cancel: () => {
        cancelled = true;
      },
    };
  }

  private decodeInto(chunk: DecodedChunk, raw: RawMessage, index: number): void {
    let event: InboundEvent;
    try {
      event = this.decode(raw);
    } catch (error) {
      const reason = error instanceof UndecodableMessage ? error.reason : String(error);
      chunk.undecodable.push({ raw, reason });
      return;
    }
    if (!uuidPattern.test(event.eventId)) {
      chunk.undecodable.push({ raw, reason: `invalid-event-id: ${event.eventId} is not a UUID` });
      return;
    }
    const handler = this.options.handlers[event.type];
    if (!handler) {
      // Counted when the chunk is processed: a chunk decoded ahead may be left for a redelivery.
      chunk.skipped += 1;
      return;
    }
    chunk.decoded.push({ index, raw, event, handler });
  }

  /**
   * One chunk of a partition's batch, in Kafka order: what can go together in one transaction,
   * then the parked cases' messages one by one, then the dead letters of undecodable messages.
   */
  private async processChunk({ decoded, undecodable, skipped }: DecodedChunk): Promise<void> {
    this.stats.skipped += skipped;
    if (decoded.length > 0) await this.applyChunk(decoded);
    for (const { raw, reason } of undecodable) {
      await this.deadLetter(raw, 'undecodable', new Error(reason), 0);
    }
  }

  /**
   * The chunk's handled messages: rounds applied together, then what is left for the per-event
   * path. Optimistic: neither the inbox nor the parked cases are looked up first (redeliveries
   * and parked cases are rare). A round's inbox insert refuses the round when one of its events
   * is processed already or one of its cases is parked, inside the round's transaction; the
   * round is then rolled back, and it and the rest of the chunk are planned again against the
   * database (one lookup) and applied with the inbox checked.
   */
  private async applyChunk(decoded: readonly Decoded[]): Promise<void> {
    const plan = planChunk(decoded, nothingLookedUp);
    this.stats.duplicates += plan.duplicates;
    let rounds = roundsOf(plan.together);
    let lookedUp = false;
    // Parked cases' messages, once looked up: every message of theirs that is not yet applied.
    const oneByOne: Decoded[] = [];
    // Once one of a case's messages is left for the per-event path, so are its later ones:
    // the per-event path runs after the rounds, and each case keeps its order.
    const leftOver: Decoded[] = [];
    const casesLeftOver = new Set<string>();
    const permanentFailures = new Map<number, Error>();
    for (let r = 0; r < rounds.length; r += 1) {
      const round = rounds[r];
      const now = round.filter((message) => !casesLeftOver.has(message.event.caseKey));
      leftOver.push(...round.filter((message) => casesLeftOver.has(message.event.caseKey)));
      if (now.length === 0) continue;
      const left = await this.applyTogether(now, { optimistic: !lookedUp });
      if (left.refused) {
        // Rolled back: this round and the later ones, planned again against the database.
        // Every earlier round committed with none of its cases parked, so each case's order holds.
        lookedUp = true;
        const rest = [...now, ...rounds.slice(r + 1).flat()];
        const replanned = planChunk(rest, await this.chunkState(rest));
        this.stats.duplicates += replanned.duplicates;
        oneByOne.push(...replanned.oneByOne);
        rounds = roundsOf(replanned.together);
        r = -1;
        continue;
      }
      for (const message of left.messages) {
        leftOver.push(message);
        casesLeftOver.add(message.event.caseKey);
      }
      left.permanentFailures.forEach((error, index) => permanentFailures.set(index, error));
    }
    for (const message of inChunkOrder(leftOver, oneByOne)) {
      await this.processOne(message, permanentFailures.get(message.index));
    }
  }

  /**
   * Prepares the messages, then applies them and records them in the inbox in one transaction.
   * Returns what is left for the per-event path: a message whose prepare failed and its case's
   * later messages, or all of them when the transaction failed (a poison message among them, or
   * a concurrent instance that processed some). A message whose error is known to be permanent
   * (the retry policy says so) is returned with it, so it is not handled again.
   *
   * Optimistic (nothing looked up), an event already processed, a parked case or any other
   * failure at the inbox insert or the commit rolls the transaction back and returns `refused`:
   * the caller looks the chunk up and applies it again with `optimistic: false`.
   */
  private async applyTogether(
    messages: readonly Decoded[],
    { optimistic }: { optimistic: boolean },
  ): Promise<LeftOver & { refused?: true }> {
    const permanentFailures = new Map<number, Error>();
    const preparing = await settleWithConcurrency(messages, prepareConcurrency, (message) =>
      message.handler.prepare ? message.handler.prepare(message.event) : Promise.resolve(undefined),
    );
    const ready: Array<Decoded & { prepared: unknown }> = [];
    const leftOver: Decoded[] = [];
    const casesLeftOver = new Set<string>();
    messages.forEach((message, i) => {
      const outcome = preparing[i];
      if (outcome.status === 'rejected') {
        if (isInfrastructureFailure(outcome.reason)) throw outcome.reason;
        const error = asError(outcome.reason);
        if (this.isPermanent(error)) permanentFailures.set(message.index, error);
        casesLeftOver.add(message.event.caseKey);
      }
      if (casesLeftOver.has(message.event.caseKey)) leftOver.push(message);
      else
        ready.push({
          ...message,
          prepared: outcome.status === 'fulfilled' ? outcome.value : undefined,
        });
    });
    if (ready.length === 0) return { messages: leftOver, permanentFailures };
    // The one message a failure can be put down to: a per-event apply, or a batch call of one.
    let applying: Decoded | undefined;
    let atInbox = false;
    try {
      await this.inTransaction(async (client) => {
        for (const run of runsByType(ready)) {
          const { handler } = run[0];
          if (handler.applyBatch) {
            applying = run.length === 1 ? run[0] : undefined;
            await handler.applyBatch(
              run.map((m) => m.event),
              run.map((m) => m.prepared),
              client,
            );
          } else {
            for (const m of run) {
              applying = m;
              await applyOne(handler, m.event, m.prepared, client);
            }
          }
        }
        applying = undefined;
        atInbox = true;
        // Written last, as on the per-event path: the transaction takes its id at its first write.
        const events = ready.map(({ event }) => event);
        if (optimistic) {
          const recordAndCommit = inboxAndCommitText(client, this.options.groupId, events);
          if (recordAndCommit) {
            await commitWith(client, recordAndCommit);
            return 'committed';
          }
        }
        // Optimistic, a plain insert (cheaper than ON CONFLICT): a processed event fails it.
        // None of the rows goes in when one of the cases is parked.
        const recorded = await client.query(
          `insert into messaging_inbox (consumer_group, event_id, event_type)
           select $1, unnest($2::uuid[]), unnest($3::text[])
            where not exists (select 1 from messaging_parked_case
                               where consumer_group = $1 and case_key = any($4::text[]))
           ${optimistic ? '' : 'on conflict do nothing'}`,
          [
            this.options.groupId,
            events.map((event) => event.eventId),
            events.map((event) => event.type),
            [...new Set(events.map((event) => event.caseKey))],
          ],
        );
        if (recorded.rowCount !== ready.length) {
          throw optimistic ? new InboxRefused() : new AlreadyProcessed();
        }
      });
    } catch (error) {
      if (isInfrastructureFailure(error)) throw error;
      if (optimistic && atInbox) return { messages: leftOver, permanentFailures, refused: true };
      if (!(error instanceof AlreadyProcessed)) {
        this.log('warn', 'batch failed, redoing its events one by one', {
          groupId: this.options.groupId,
          events: ready.length,
          eventId: applying?.event.eventId,
          error: asError(error).message,
        });
        if (applying && this.isPermanent(asError(error)))
          permanentFailures.set(applying.index, asError(error));
      }
      return { messages: inChunkOrder(ready, leftOver), permanentFailures };
    }
    this.stats.processed += ready.length;
    return { messages: leftOver, permanentFailures };
  }

  private isPermanent(error: Error): boolean {
    return this.options.isRetryable !== undefined && !this.options.isRetryable(error);
  }

  /**
   * The per-event path: inbox and parking checked for this message alone, retries, DLQ. With a
   * permanent failure already seen (in its chunk's transaction), straight to the DLQ.
   */
  private async processOne(
    { raw, event, handler }: Decoded,
    permanentFailure?: Error,
  ): Promise<void> {
    const { processed, parked } = await this.stateOf(event);
    if (processed) {
      this.stats.duplicates += 1;
      // A replay that succeeded but whose drain was cut short (crash, lost connection): finish
      // the drain now, or the case would wait forever behind an event that is already done.
      if (parked?.deadLetterEventId === event.eventId) await this.drainParked(event.caseKey);
      return;
    }
    const isReplay = headerText(raw.headers, replayGroupHeader) === this.options.groupId;
    if (parked && !isReplay) {
      if (parked.deadLetterEventId === event.eventId || (await this.park(raw, event))) return;
    }
    const outcome: Outcome = permanentFailure
      ? { ok: false, error: permanentFailure, attempts: 1 }
      : await this.handleWithRetries(event, handler);
    if (!outcome.ok) {
      await this.deadLetter(raw, 'handler-failed', outcome.error, outcome.attempts);
      await this.parkCase(event.caseKey, event.eventId, outcome.error.message);
      return;
    }
    if (parked && parked.deadLetterEventId === event.eventId) await this.drainParked(event.caseKey);
  }

  /** Which of the chunk's events are in the inbox, and which of its cases are parked: one query. */
  private async chunkState(messages: readonly Decoded[]): Promise<ChunkState> {
    const { rows } = await this.options.pool.query<{
      kind: 'processed' | 'parked';
      key: string;
      dead_letter_event_id: string | null;
    }>(
      `select 'processed' as kind, event_id::text as key, null as dead_letter_event_id
         from messaging_inbox where consumer_group = $1 and event_id = any($2::uuid[])
       union all
       select 'parked', case_key, dead_letter_event_id::text
         from messaging_parked_case where consumer_group = $1 and case_key = any($3::text[])`,
      [
        this.options.groupId,
        messages.map((m) => m.event.eventId),
        [...new Set(messages.map((m) => m.event.caseKey))],
      ],
    );
    const processed = new Set<string>();
    const parked = new Map<string, string>();
    for (const row of rows) {
      if (row.kind === 'processed') processed.add(row.key.toLowerCase());
      else parked.set(row.key, String(row.dead_letter_event_id).toLowerCase());
    }
    return { processed, parked };
  }

  /** After a successful replay: the case's parked messages, oldest first, until one fails again. */
  private async drainParked(caseKey: string): Promise<void> {
    const { pool, groupId } = this.options;
    for (;;) {
      const { rows } = await pool.query<{
        sequence: string;
        topic: string;
        kafka_key: string | null;
        kafka_value: Buffer | null;
        kafka_headers: Record<string, string>;
      }>(
        `select sequence, topic, kafka_key, kafka_value, kafka_headers from messaging_parked_message
          where consumer_group = $1 and case_key = $2 order by sequence limit 1`,
        [groupId, caseKey],
      );
      if (rows.length === 0) {
        if (await this.unparkIfDrained(caseKey)) {
          this.log('info', 'case unparked', { groupId, caseKey });
          return;
        }
        continue;
      }
      const row = rows[0];
      const raw: RawMessage = {
        topic: row.topic,
        partition: -1,
        offset: '-1',
        key: row.kafka_key === null ? null : Buffer.from(row.kafka_key),
        value: row.kafka_value,
        headers: decodeHeaders(row.kafka_headers),
      };
      const removeParked = async (client: Pick<PoolClient, 'query'>) => {
        await client.query(
          'delete from messaging_parked_message where consumer_group = $1 and case_key = $2 and sequence = $3',
          [groupId, caseKey, row.sequence],
        );
      };
      const event = this.decode(raw);
      const handler = this.options.handlers[event.type];
      if (!handler || (await this.alreadyProcessed(event.eventId))) {
        await removeParked(pool);
        continue;
      }
      const outcome = await this.handleWithRetries(event, handler, removeParked);
      if (!outcome.ok) {
        await this.deadLetter(raw, 'handler-failed', outcome.error, outcome.attempts);
        await pool.query(
          `update messaging_parked_case set dead_letter_event_id = $3, reason = $4, parked_at = now()
            where consumer_group = $1 and case_key = $2`,
          [groupId, caseKey, event.eventId, outcome.error.message],
        );
        await removeParked(pool);
        return;
      }
    }
  }

  private async handleWithRetries(
    event: InboundEvent,
    handler: AnyEventHandler,
    alsoInTransaction?: (client: PoolClient) => Promise<void>,
  ): Promise<Outcome> {
    let lastError = new Error('not attempted');
    let attempt = 1;
    for (; attempt <= this.retry.attempts; attempt += 1) {
      try {
        const prepared = handler.prepare ? await handler.prepare(event) : undefined;
        await this.inTransaction(async (client) => {
          await applyOne(handler, event, prepared, client);
          await alsoInTransaction?.(client);
          // The inbox row is written last, so the transaction takes its id at its first real write.
          const recorded = await client.query(
            `insert into messaging_inbox (consumer_group, event_id, event_type) values ($1, $2, $3)
             on conflict do nothing`,
            [this.options.groupId, event.eventId, event.type],
          );
          if (recorded.rowCount === 0) throw new AlreadyProcessed();
        });
        this.stats.processed += 1;
        return { ok: true };
      } catch (error) {
        if (error instanceof AlreadyProcessed) {
          this.stats.duplicates += 1;
          return { ok: true };
        }
        // The database itself is unreachable: not this message's fault. Thrown to kafkajs, which
        // redelivers it with its own backoff, instead of dead-lettering and parking every case
        // a short outage touches.
        if (isInfrastructureFailure(error)) throw error;
        lastError = asError(error);
        this.log('warn', 'handler failed', {
          eventId: event.eventId,
          type: event.type,
          attempt,
          error: lastError.message,
        });
        if (this.isPermanent(lastError)) break;
        if (attempt < this.retry.attempts) await sleep(this.backoff(attempt));
      }
    }
    return { ok: false, error: lastError, attempts: Math.min(attempt, this.retry.attempts) };
  }

  private backoff(attempt: number): number {
    const exponential = this.retry.initialBackoffMs * 2 ** (attempt - 1);
    return Math.min(this.retry.maxBackoffMs, exponential) * (0.5 + Math.random() / 2);
  }

  /** Runs `work` in a transaction, and commits it unless `work` says it committed itself. */
  private async inTransaction(
    work: (client: PoolClient) => Promise<void | 'committed'>,
  ): Promise<void> {
    const client = await this.options.pool.connect();
    try {
      await client.query('begin');
      if ((await work(client)) !== 'committed') await client.query('commit');
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async alreadyProcessed(eventId: string): Promise<boolean> {
    const { rowCount } = await this.options.pool.query(
      'select 1 from messaging_inbox where consumer_group = $1 and event_id = $2',
      [this.options.groupId, eventId],
    );
    return (rowCount ?? 0) > 0;
  }

  /** Whether the event was processed, and whether its case is parked: one round trip. */
  private async stateOf(
    event: InboundEvent,
  ): Promise<{ processed: boolean; parked?: { deadLetterEventId: string } }> {
    const { rows } = await this.options.pool.query<{
      processed: boolean;
      dead_letter_event_id: string | null;
    }>(
      `select exists (select 1 from messaging_inbox where consumer_group = $1 and event_id = $2) as processed,
              (select dead_letter_event_id from messaging_parked_case
                where consumer_group = $1 and case_key = $3) as dead_letter_event_id`,
      [this.options.groupId, event.eventId, event.caseKey],
    );
    const row = rows[0];
    return {
      processed: row.processed,
      parked: row.dead_letter_event_id
        ? { deadLetterEventId: row.dead_letter_event_id }
        : undefined,
    };
  }

  private async parkCase(caseKey: string, eventId: string, reason: string): Promise<void> {
    await this.options.pool.query(
      `insert into messaging_parked_case (consumer_group, case_key, dead_letter_event_id, reason)
       values ($1, $2, $3, $4)
       on conflict (consumer_group, case_key)
       do update set dead_letter_event_id = excluded.dead_letter_event_id, reason = excluded.reason, parked_at = now()`,
      [this.options.groupId, caseKey, eventId, reason],
    );
    this.log('warn', 'case parked behind a dead letter', {
      groupId: this.options.groupId,
      caseKey,
      eventId,
    });
  }

  /**
   * Ends the parking when no message waits any more. The parked-case row is locked first, and the
   * waiting messages counted after the lock (a new statement sees what committed meanwhile), so a
   * message parked at the same moment by an instance reading another of the group's topics is
   * either seen here or finds the case unparked.
   */
  private async unparkIfDrained(caseKey: string): Promise<boolean> {
    const { groupId } = this.options;
    let drained = false;
    await this.inTransaction(async (client) => {
      await client.query(
        'select 1 from messaging_parked_case where consumer_group = $1 and case_key = $2 for update',
        [groupId, caseKey],
      );
      const waiting = await client.query(
        'select 1 from messaging_parked_message where consumer_group = $1 and case_key = $2 limit 1',
        [groupId, caseKey],
      );
      if (waiting.rowCount) return;
      await client.query(
        'delete from messaging_parked_case where consumer_group = $1 and case_key = $2',
        [groupId, caseKey],
      );
      drained = true;
    });
    return drained;
  }

  /**
   * Parks a message behind its case's dead letter; false when the case is no longer parked (its
   * drain finished meanwhile): then the message is handled normally. Locks the parked-case row,
   * so it cannot be unparked between the check and the insert.
   */
  private async park(raw: RawMessage, event: InboundEvent): Promise<boolean> {
    const headers = encodeHeaders(raw.headers);
    const { rows } = await this.options.pool.query<{ still_parked: boolean }>(
      `with parked as (
         select 1 from messaging_parked_case where consumer_group = $1 and case_key = $2 for update
       ), inserted as (
         insert into messaging_parked_message
           (consumer_group, case_key, event_id, topic, kafka_key, kafka_value, kafka_headers)
         select $1, $2, $3, $4, $5, $6, $7 from parked
         on conflict (consumer_group, event_id) do nothing
         returning 1
       )
       select exists (select 1 from parked) as still_parked`,
      [
        this.options.groupId,
        event.caseKey,
        event.eventId,
        raw.topic,
        raw.key?.toString() ?? null,
        raw.value,
        headers,
      ],
    );
    if (!rows[0].still_parked) return false;
    this.stats.parked += 1;
    return true;
  }

  private async deadLetter(
    raw: RawMessage,
    kind: 'undecodable' | 'handler-failed',
    error: Error,
    attempts: number,
  ) {
    if (!this.producer) throw new Error('consumer is not started');
    const headers: IHeaders = {
      ...raw.headers,
      'dlq-reason': kind,
      'dlq-error': error.message.slice(0, 2000),
      'dlq-original-topic': raw.topic,
      'dlq-original-partition': String(raw.partition),
      'dlq-original-offset': raw.offset,
      'dlq-consumer-group': this.options.groupId,
      'dlq-attempts': String(attempts),
      'dlq-failed-at': new Date().toISOString(),
    };
    delete headers[replayGroupHeader];
    await this.producer.send({
      topic: deadLetterTopic(raw.topic, this.options.groupId),
      acks: -1,
      messages: [{ key: raw.key, value: raw.value, headers }],
    });
    this.stats.deadLettered += 1;
    this.log('error', 'message dead-lettered', {
      topic: raw.topic,
      offset: raw.offset,
      kind,
      error: error.message,
    });
  }
}

class AlreadyProcessed extends Error {}

/** An optimistic inbox insert found an event processed already or a case parked. */
class InboxRefused extends Error {}

const nothingLookedUp: ChunkState = { processed: new Set(), parked: new Map() };

/** An event type as the catalogue names them: safe to write as an SQL literal unescaped. */
const plainTypeName = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * The optimistic inbox insert and the COMMIT as one text, sent in one round trip (a text without
 * parameters goes by the simple query protocol, which runs its statements in order and stops at
 * the first error). The rows go as literals, so only what is known safe goes in: event ids that
 * are UUIDs and event types that are plain names; the group and the case keys are escaped by the
 * client. Undefined when an event falls outside that: the caller then uses parameters.
 *
 * Before the insert, a statement fails when one of the cases is parked (a cast that cannot
 * succeed, evaluated only on a parked case's row), and the plain insert fails on an event already
 * processed: either error aborts the transaction before the COMMIT is reached.
 */
function inboxAndCommitText(
  client: PoolClient,
  groupId: string,
  events: readonly InboundEvent[],
): string | undefined {
  for (const { eventId, type, caseKey } of events) {
    // A NUL ends a query text: such a key goes as a parameter, which the server refuses cleanly.
    if (!uuidPattern.test(eventId) || !plainTypeName.test(type) || caseKey.includes('\0'))
      return undefined;
  }
  const group = client.escapeLiteral(groupId);
  const caseKeys = [...new Set(events.map((event) => event.caseKey))]
    .map((caseKey) => client.escapeLiteral(caseKey))
    .join(',');
  const ids = events.map((event) => event.eventId).join(',');
  const types = events.map((event) => `"${event.type}"`).join(',');
  return `select ('refused, the case is parked: ' || case_key)::int from messaging_parked_case
           where consumer_group = ${group} and case_key = any (array[${caseKeys}]::text[]);
          insert into messaging_inbox (consumer_group, event_id, event_type)
          select ${group}, unnest('{${ids}}'::uuid[]), unnest('{${types}}'::text[]);
          commit`;
}

/**
 * Sends a text that ends with COMMIT, and resolves only when the server answered COMMIT: a
 * COMMIT of a transaction that had failed answers ROLLBACK, without an error.
 */
async function commitWith(client: PoolClient, text: string): Promise<void> {
  const results = (await client.query(text)) as unknown as QueryResult | QueryResult[];
  const last = Array.isArray(results) ? results[results.length - 1] : results;
  if (last?.command !== 'COMMIT') {
    throw new Error(`the transaction did not commit (the server answered ${last?.command})`);
  }
}

/**
 * PostgreSQL unreachable or shutting down: connection errors of the client (no SQLSTATE, a Node
 * error code), SQLSTATE class 08 (connection exception), 57P (operator intervention: shutdown,
 * terminated) and 53 (insufficient resources).
 */
export function isInfrastructureFailure(error: unknown): boolean {
  const code = (error as { code?: unknown })?.code;
  if (typeof code !== 'string') {
    return (
      error instanceof Error &&
      /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/i.test(
        error.message,
      )
    );
  }
  return (
    /^(08|57P|53)/.test(code) || ['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(code)
  );
}

/** One event through a handler: apply(), or the batch form with that one event. */
function applyOne(
  handler: AnyEventHandler,
  event: InboundEvent,
  prepared: unknown,
  transaction: PoolClient,
): Promise<void> {
  if (handler.apply) return handler.apply(event, prepared, transaction);
  if (handler.applyBatch) return handler.applyBatch([event], [prepared], transaction);
  throw new Error(`the handler of ${event.type} has neither apply() nor applyBatch()`);
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function rawMessageOf(topic: string, partition: number, message: KafkaMessage): RawMessage {
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    headers: message.headers ?? {},
  };
}

/** Like Promise.allSettled over `items`, with at most `limit` calls of `work` at a time. */
async function settleWithConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: 'fulfilled', value: await work(items[i]) };
      } catch (reason) {
        results[i] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
