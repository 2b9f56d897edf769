import { auditSealsTopic } from '@dinsos/contracts';
import type { Seal } from '@dinsos/event-store';
import type { Kafka, Producer } from 'kafkajs';
import { createIdempotentProducer } from '../kafka/kafka-client';

/**
 * Publishes the event store's seals to `dinsos.audit.seals.v1` (pass `publish` as the store's
 * `onSeal`), so a copy of every signed chain head lives outside the database's reach. Keyed by
 * the signing key, so one key's seals stay in order on one partition.
 */
export class SealPublisher {
  private producer?: Producer;

  constructor(
    private readonly kafka: Kafka,
    private readonly topic: string = auditSealsTopic,
  ) {}

  async start(): Promise<void> {
    this.producer = createIdempotentProducer(this.kafka);
    await this.producer.connect();
  }

  readonly publish = async (seal: Seal): Promise<void> => {
    if (!this.producer) throw new Error('SealPublisher is not started');
    await this.producer.send({
      topic: this.topic,
      acks: -1,
      messages: [
        {
          key: seal.keyId,
          value: JSON.stringify(seal),
          headers: { 'content-type': 'application/json', 'seal-sequence': String(seal.sequence) },
        },
      ],
    });
  };

  async stop(): Promise<void> {
    await this.producer?.disconnect();
    this.producer = undefined;
  }
}
