import { Position, type EventStore } from '@dinsos/event-store';
import type { createKafkaClient } from '@dinsos/messaging';
import type { Pool } from 'pg';
import type { PartitionLag } from './service-metrics';

type Kafka = ReturnType<typeof createKafkaClient>;

/**
 * Relay lag: the age in seconds of the oldest event of the relay's categories after its
 * checkpoint (0 when caught up). Any instance can tell, not only the relay's leader: the
 * checkpoint is read from messaging's checkpoint table.
 */
export function relayLagSampler(options: {
  pool: Pool;
  store: EventStore<unknown>;
  relayName: string;
  /** The stream categories the relay reads. */
  categories: readonly string[];
}) {
  const categories = [...options.categories];
  return async (): Promise<number> => {
    const { rows } = await options.pool.query<{ position: string }>(
      'select position from messaging_relay_checkpoint where relay_name = $1',
      [options.relayName],
    );
    const [oldest] = await options.store.readAll({
      from: rows[0] ? Position.parse(rows[0].position) : undefined,
      filter: { categories },
      maxCount: 1,
    });
    return oldest ? Math.max(0, (Date.now() - Date.parse(oldest.recordedAt)) / 1000) : 0;
  };
}

/**
 * Consumer lag per partition: the topic's newest offset minus the group's committed offset.
 * Keeps one admin connection; `close()` it on shutdown.
 */
export function consumerLagSampler(kafka: Kafka, groupId: string, topics: string[]) {
  let admin: ReturnType<Kafka['admin']> | undefined;
  const sample = async (): Promise<PartitionLag[]> => {
    if (!admin) {
      const connecting = kafka.admin();
      await connecting.connect();
      admin = connecting;
    }
    const committed = await admin.fetchOffsets({ groupId, topics });
    const lags: PartitionLag[] = [];
    for (const { topic, partitions } of committed) {
      const newest = await admin.fetchTopicOffsets(topic);
      for (const { partition, high } of newest) {
        const offset = partitions.find((p) => p.partition === partition)?.offset ?? '-1';
        // -1: nothing committed yet, so everything on the partition (from its low watermark) is lag.
        const low = newest.find((p) => p.partition === partition)?.low ?? '0';
        const from = offset === '-1' ? Number(low) : Number(offset);
        lags.push({ topic, partition, lag: Math.max(0, Number(high) - from) });
      }
    }
    return lags;
  };
  return {
    sample,
    async close(): Promise<void> {
      await admin?.disconnect().catch(() => undefined);
      admin = undefined;
    },
  };
}
