import type { Kafka, Message, Producer, TopicMessages } from 'kafkajs';
import { Client, type Pool } from 'pg';
import { createIdempotentProducer } from '../kafka/kafka-client';

/** One stored event ready to publish: its store position (as a string) and its Kafka message. */
export interface RelayItem {
  position: string;
  topic: string;
  message: Message;
}

/** Reads the service's own events after a position (exclusive; undefined = from the start). */
export type RelaySource = (after: string | undefined, maxCount: number) => Promise<RelayItem[]>;

export interface EventRelayOptions {
  /** One relay name per service (e.g. 'intake'): the lease and the checkpoint are per name. */
  name: string;
  source: RelaySource;
  kafka: Kafka;
  /** App-role URL: the lease connection, which also writes the checkpoint. */
  databaseUrl: string;
  batchSize?: number;
  idleDelayMs?: number;
  leaseRetryMs?: number;
  /** Called after the broker acked a batch and before its checkpoint is saved (tests crash here). */
  afterPublish?: (items: RelayItem[]) => Promise<void>;
  log?: (
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ) => void;
}

export interface RelayStatus {
  leader: boolean;
  published: number;
  checkpoint?: string;
}

/**
 * Publishes a service's stored events to Kafka in store order. The store is the outbox: the
 * checkpoint moves only after the broker acked a batch, so a crash re-publishes at most the last
 * batch (consumers' inboxes absorb the duplicates) and never skips one. Only the instance holding
 * the lease (a PostgreSQL advisory lock on its own connection) publishes; the others wait and take
 * over when the leader's connection ends.
 */
export class EventRelay {
  private running = false;
  private loop?: Promise<void>;
  private lease?: Client;
  private producer?: Producer;
  private readonly status: RelayStatus = { leader: false, published: 0 };
  private readonly log: NonNullable<EventRelayOptions['log']>;
  private wake?: () => void;

  constructor(private readonly options: EventRelayOptions) {
    this.log = options.log ?? (() => undefined);
  }

  get state(): Readonly<RelayStatus> {
    return this.status;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  /** Wakes an idle relay at once (e.g. after this instance appended events). */
  nudge(): void {
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (await this.acquireLease()) await this.publishWhileLeader();
        else await this.pause(this.options.leaseRetryMs ?? 1000);
      } catch (error) {
        this.log('warn', 'relay interrupted; retrying', {
          relay: this.options.name,
          error: String(error),
        });
        await this.pause(this.options.leaseRetryMs ?? 1000);
      } finally {
        // After an error the lease is given up too, so a healthier instance may take over.
        await this.releaseLease();
      }
    }
  }

  private async acquireLease(): Promise<boolean> {
    const lease = new Client({ connectionString: this.options.databaseUrl });
    lease.on('error', () => undefined);
    let acquired = false;
    try {
      await lease.connect();
      const { rows } = await lease.query<{ acquired: boolean }>(
        'select pg_try_advisory_lock(hashtext($1)) as acquired',
        [`dinsos.relay.${this.options.name}`],
      );
      acquired = rows[0].acquired;
    } finally {
      if (!acquired) await lease.end().catch(() => undefined);
    }
    if (!acquired) return false;
    this.lease = lease;
    this.status.leader = true;
    this.log('info', 'relay is leader', { relay: this.options.name });
    return true;
  }

  private async releaseLease(): Promise<void> {
    this.status.leader = false;
    const lease = this.lease;
    this.lease = undefined;
    await lease?.end().catch(() => undefined);
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect().catch(() => undefined);
  }

  /**
   * One page per send, pipelined: the next page is read while this one is on its way to the
   * broker, and a page's checkpoint is written while the next one is sent, so the store's round
   * trips overlap the wait for the broker's ack. A checkpoint is written only after its own page
   * was acked and the page before it was checkpointed, so it never passes an unacknowledged event.
   */
  private async publishWhileLeader(): Promise<void> {
    const lease = this.lease!;
    // Few client retries: while Kafka is down the relay's own loop retries, and stays stoppable.
    const producer = createIdempotentProducer(this.options.kafka, {
      retry: { retries: 3, initialRetryTime: 200, maxRetryTime: 2000 },
    });
    this.producer = producer;
    await producer.connect();
    const checkpoint = await this.readCheckpoint(lease);
    this.status.checkpoint = checkpoint;
    const batchSize = this.options.batchSize ?? 500;
    let read = checkpoint;
    let nextPage = settled(this.options.source(read, batchSize));
    let checkpointing: Promise<void> = Promise.resolve();
    try {
      while (this.running) {
        const items = await unwrap(nextPage);
        if (items.length === 0) {
          await checkpointing;
          await this.pause(this.options.idleDelayMs ?? 100);
          nextPage = settled(this.options.source(read, batchSize));
          continue;
        }
        read = items[items.length - 1].position;
        nextPage = settled(this.options.source(read, batchSize));
        await producer.sendBatch({ topicMessages: byTopic(items), acks: -1 });
        await checkpointing;
        await this.options.afterPublish?.(items);
        checkpointing = this.saveCheckpoint(lease, items);
        // Observed at the next await; until then a failure must not count as unhandled.
        checkpointing.catch(() => undefined);
      }
    } finally {
      // Whatever ends the loop, a page the broker acked keeps its checkpoint if it can.
      await checkpointing;
    }
  }

  /** Written through the lease connection: a relay that lost its lease cannot move the checkpoint. */
  private async saveCheckpoint(lease: Client, items: RelayItem[]): Promise<void> {
    const position = items[items.length - 1].position;
    await lease.query(
      `insert into messaging_relay_checkpoint (relay_name, position, events_published) values ($1, $2, $3)
       on conflict (relay_name) do update
         set position = excluded.position, updated_at = now(),
             events_published = messaging_relay_checkpoint.events_published + excluded.events_published`,
      [this.options.name, position, items.length],
    );
    this.status.checkpoint = position;
    this.status.published += items.length;
  }

  private async readCheckpoint(client: Client): Promise<string | undefined> {
    const { rows } = await client.query<{ position: string }>(
      'select position from messaging_relay_checkpoint where relay_name = $1',
      [this.options.name],
    );
    return rows[0]?.position;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}

/** Where a relay stands (for lag metrics): its checkpoint position, or undefined before its first batch. */
export async function readRelayCheckpoint(
  db: { query: Client['query'] } | Pool,
  relayName: string,
): Promise<{ position: string; eventsPublished: number; updatedAt: Date } | undefined> {
  const { rows } = await (db as Pool).query<{
    position: string;
    events_published: string;
    updated_at: Date;
  }>(
    'select position, events_published, updated_at from messaging_relay_checkpoint where relay_name = $1',
    [relayName],
  );
  return rows[0]
    ? {
        position: rows[0].position,
        eventsPublished: Number(rows[0].events_published),
        updatedAt: rows[0].updated_at,
      }
    : undefined;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** A read started ahead of its use: its failure is kept for whoever awaits it, never unhandled. */
function settled<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ ok: true, value }),
    (error: unknown) => ({ ok: false, error }),
  );
}

async function unwrap<T>(result: Promise<Settled<T>>): Promise<T> {
  const outcome = await result;
  if (!outcome.ok) throw outcome.error;
  return outcome.value;
}

/** Groups a batch by topic, keeping store order within each topic (and so within each key). */
function byTopic(items: RelayItem[]): TopicMessages[] {
  const topics = new Map<string, Message[]>();
  for (const item of items) {
    const messages = topics.get(item.topic) ?? [];
    messages.push(item.message);
    topics.set(item.topic, messages);
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}
