import { fromKafkaMessage, type ReceivedEvent } from '@dinsos/contracts';
import { provisionTopics } from '@dinsos/messaging';
import { eventually } from '@dinsos/testing';
import type { Consumer, Kafka } from 'kafkajs';

/**
 * What a service published on its context's topic, read from Kafka as another context would
 * receive it (the contracts' `fromKafkaMessage`), from the beginning of the topic, by a consumer
 * group of its own. Started by `ServiceDeployment.publishedEvents()` and stopped by the
 * deployment's `stop()`.
 */
export class PublishedEvents {
  private readonly events: ReceivedEvent[] = [];

  private constructor(
    /** The topic read, with the deployment's prefix. */
    readonly topic: string,
    /** The reader's own consumer group. */
    readonly groupId: string,
    private readonly consumer: Consumer,
  ) {}

  /** Reads `topic` (created if missing, as the relay would) from its beginning. */
  static async start(kafka: Kafka, topic: string, groupId: string): Promise<PublishedEvents> {
    await provisionTopics(kafka, [topic]);
    const consumer = kafka.consumer({ groupId });
    const reader = new PublishedEvents(topic, groupId, consumer);
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => void reader.events.push(fromKafkaMessage(message)),
      });
    } catch (error) {
      await consumer.disconnect();
      throw error;
    }
    return reader;
  }

  /** Every event received so far, in the order received (in a case's order within a case). */
  get received(): readonly ReceivedEvent[] {
    return this.events;
  }

  /** Whether an event of this type for the case was received so far (no waiting). */
  has(caseId: string, type: string): boolean {
    return this.events.some((event) => event.caseId === caseId && event.type === type);
  }

  /** The first event of this type for the case, once received (`eventually`, 30 s). */
  find(caseId: string, type: string): Promise<ReceivedEvent> {
    return eventually(
      async () => this.events.find((event) => event.caseId === caseId && event.type === type),
      `${type} of ${caseId} on ${this.topic}`,
    );
  }

  /** Leaves the group; what was received stays readable. */
  stop(): Promise<void> {
    return this.consumer.disconnect();
  }
}
