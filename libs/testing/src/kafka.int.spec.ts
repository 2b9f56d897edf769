import { Kafka, logLevel, type Consumer } from 'kafkajs';
import { createTopicPrefix, getTestInfrastructure } from './index';

async function consumeUntil(consumer: Consumer, topic: string, count: number): Promise<string[]> {
  const seen: string[] = [];
  await consumer.subscribe({ topic, fromBeginning: true });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`only ${seen.length} of ${count} arrived`)),
      30_000,
    );
    void consumer
      .run({
        autoCommit: false,
        eachMessage: async ({ message, partition }) => {
          if (seen.length >= count) return;
          seen.push(message.value!.toString());
          await consumer.commitOffsets([
            { topic, partition, offset: (BigInt(message.offset) + 1n).toString() },
          ]);
          if (seen.length === count) {
            clearTimeout(timer);
            resolve();
          }
        },
      })
      .catch(reject);
  });
  return seen;
}

describe('the shared Kafka broker', () => {
  it('delivers through a consumer group and keeps its committed offset across a consumer restart', async () => {
    const { kafkaBrokers } = await getTestInfrastructure();
    const kafka = new Kafka({
      clientId: 'smoke',
      brokers: kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const topic = `${createTopicPrefix()}smoke`;
    const groupId = `${topic}.group`;
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });

    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    await producer.send({
      topic,
      messages: Array.from({ length: 10 }, (_, i) => ({ key: 'case-1', value: `m${i}` })),
    });

    const first = kafka.consumer({ groupId });
    await first.connect();
    expect(await consumeUntil(first, topic, 4)).toEqual(['m0', 'm1', 'm2', 'm3']);
    await first.disconnect();

    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed.partitions[0].offset).toBe('4');

    const second = kafka.consumer({ groupId });
    await second.connect();
    expect(await consumeUntil(second, topic, 6)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8', 'm9']);
    await second.disconnect();

    await producer.disconnect();
    await admin.deleteTopics({ topics: [topic] });
    await admin.disconnect();
  });

  it('refuses a topic nobody provisioned, so a typo cannot create one', async () => {
    const { kafkaBrokers } = await getTestInfrastructure();
    const kafka = new Kafka({
      clientId: 'smoke',
      brokers: kafkaBrokers,
      logLevel: logLevel.NOTHING,
    });
    const producer = kafka.producer({ retry: { retries: 1 } });
    await producer.connect();
    await expect(
      producer.send({ topic: `${createTopicPrefix()}never-created`, messages: [{ value: 'x' }] }),
    ).rejects.toThrow(/does not host this topic-partition/);
    await producer.disconnect();
  });
});
