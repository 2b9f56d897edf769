import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** What a consumer reports: messaging's ConsumerStats has this shape. */
export interface ConsumerCounts {
  deadLettered: number;
}

/** Lag of one consumer group on one partition: the newest offset minus the group's committed one. */
export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

type Sampler<T> = () => Promise<T> | T;

/**
 * The metrics of one service, in a registry of its own (one per application, so two apps in a
 * test process never mix). Messaging is wired in through plain functions (`watchRelay`,
 * `watchConsumer`), sampled when Prometheus scrapes, so messaging never imports the platform.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status'>;
  readonly appendedEvents: Counter<'category' | 'source'>;
  readonly consumerBatchDuration: Histogram<'group'>;
  private readonly relays = new Map<string, Sampler<number | undefined>>();
  private readonly consumerLags = new Map<string, Sampler<PartitionLag[]>>();
  private readonly consumerCounts = new Map<string, Sampler<ConsumerCounts>>();
  private readonly deadLettersSeen = new Map<string, number>();

  constructor(readonly service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpRequestDuration = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'HTTP request latency by route template (not the raw path, to bound the label values)',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.appendedEvents = new Counter({
      name: 'dinsos_events_appended_total',
      help: 'Events this service appended to the event store, by stream category and source (command or reaction)',
      labelNames: ['category', 'source'],
      registers: [this.registry],
    });
    this.consumerBatchDuration = new Histogram({
      name: 'dinsos_consumer_batch_duration_seconds',
      help: 'Time a consumer group took over one fetched partition batch: its transactions, retries and dead letters (beside dinsos_consumer_lag_messages)',
      labelNames: ['group'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [this.registry],
    });
    const relays = this.relays;
    new Gauge({
      name: 'dinsos_relay_lag_seconds',
      help: 'Age of the oldest stored event the relay has not published yet (0 when caught up)',
      labelNames: ['relay'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [relay, sample] of relays) {
          const lag = await safely(sample, undefined);
          if (lag !== undefined) this.set({ relay }, lag);
        }
      },
    });
    const consumerLags = this.consumerLags;
    new Gauge({
      name: 'dinsos_consumer_lag_messages',
      help: 'Messages on the topic not yet consumed by the group, per partition',
      labelNames: ['group', 'topic', 'partition'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const [group, sample] of consumerLags) {
          for (const { topic, partition, lag } of await safely(sample, [])) {
            this.set({ group, topic, partition: String(partition) }, lag);
          }
        }
      },
    });
    const consumerCounts = this.consumerCounts;
    const seen = this.deadLettersSeen;
    new Counter({
      name: 'dinsos_dead_letters_total',
      help: 'Messages a consumer group sent to its dead-letter topic',
      labelNames: ['group'],
      registers: [this.registry],
      async collect() {
        for (const [group, sample] of consumerCounts) {
          const total = (await safely(sample, undefined))?.deadLettered;
          if (total === undefined) continue;
          const previous = seen.get(group) ?? 0;
          // inc(0) on the first scrape shows the group's series at 0 rather than not at all.
          this.inc({ group }, Math.max(0, total - previous));
          seen.set(group, Math.max(total, previous));
        }
      },
    });
  }

  recordAppended(category: string, count: number, source: 'command' | 'reaction'): void {
    if (count > 0) this.appendedEvents.inc({ category, source }, count);
  }

  /** `sample` returns the relay's lag in seconds, or undefined when this instance cannot tell. */
  watchRelay(relay: string, sample: Sampler<number | undefined>): void {
    this.relays.set(relay, sample);
  }

  watchConsumer(
    group: string,
    counts: Sampler<ConsumerCounts>,
    lag?: Sampler<PartitionLag[]>,
  ): void {
    this.consumerCounts.set(group, counts);
    if (lag) this.consumerLags.set(group, lag);
  }

  /** One fetched batch of a consumer group done (messaging's EventConsumer `onBatch`). */
  recordConsumerBatch(group: string, durationMs: number): void {
    this.consumerBatchDuration.observe({ group }, durationMs / 1000);
  }

  metricsText(): Promise<string> {
    return this.registry.metrics();
  }
}

/** A failing sampler (database or broker down) must not fail the whole scrape. */
async function safely<T>(sample: Sampler<T>, fallback: T): Promise<T> {
  try {
    return await sample();
  } catch {
    return fallback;
  }
}
