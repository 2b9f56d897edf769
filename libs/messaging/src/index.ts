/**
 * Messaging between services: the store→Kafka relay, consumers with an inbox, retries, parking
 * and dead-letter topics, and topic provisioning. kafkajs stays behind this small interface.
 *
 * - `createKafkaClient()` — the one configured Kafka client.
 * - `provisionTopics()` — topics with 12 partitions by default and a message limit above the
 *   event store's; `deadLetterTopic(topic, group)` = `<topic>.<group>.dlq`.
 * - `EventRelay` — publishes a service's stored events in order; checkpoint after ack; one leader.
 * - `EventConsumer` — handlers by event type; inbox; retries; DLQ; parks a failed case's later
 *   messages until its dead letter is replayed. A fetched batch goes in one transaction (inbox rows
 *   in one statement), partitions in parallel; a handler may add the batch form `applyBatch`.
 * - `listDeadLetters()` / `replayDeadLetters()` — what `npm run dlq` does.
 * - `migrateMessaging()` — the relay checkpoint, inbox and parking tables.
 * - `SealPublisher` — publishes the event store's seals to `dinsos.audit.seals.v1`.
 */
export { createKafkaClient, createIdempotentProducer } from './kafka/kafka-client';
export type { KafkaClientOptions } from './kafka/kafka-client';
export { provisionTopics, deadLetterTopic, defaultMaxMessageBytes } from './kafka/topics';
export type { TopicProvisioning } from './kafka/topics';
export { EventRelay, readRelayCheckpoint } from './relay/event-relay';
export type { EventRelayOptions, RelayItem, RelaySource, RelayStatus } from './relay/event-relay';
export { EventConsumer, replayGroupHeader } from './consumer/event-consumer';
export type {
  EventConsumerOptions,
  EventHandler,
  BatchEventHandler,
  RetryPolicy,
  ConsumerStats,
  ConsumerBatchReport,
} from './consumer/event-consumer';
export { UndecodableMessage } from './consumer/inbound-event';
export type { InboundEvent, Decode } from './consumer/inbound-event';
export { decodeCloudEvent } from './consumer/cloud-event-decoder';
export { relaySourceFromStore } from './relay/store-relay-source';
export type { RawMessage } from './consumer/raw-message';
export { headerText } from './consumer/raw-message';
export { listDeadLetters, replayDeadLetters } from './dead-letters/dead-letters';
export type { DeadLetter } from './dead-letters/dead-letters';
export { migrateMessaging } from './schema';
export { SealPublisher } from './seals/seal-publisher';
