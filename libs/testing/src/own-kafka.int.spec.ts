import { Kafka, logLevel } from 'kafkajs';
import { getTestInfrastructure, startOwnKafka, type OwnKafka } from './index';

describe('a Kafka broker of the test own', () => {
  let broker: OwnKafka;
  beforeAll(async () => {
    broker = await startOwnKafka();
  }, 180_000);
  afterAll(async () => {
    await broker?.destroy();
  }, 60_000);

  it('runs on other ports than the shared broker and keeps messages across a restart', async () => {
    const shared = await getTestInfrastructure();
    expect(broker.brokers).not.toEqual(shared.kafkaBrokers);

    const kafka = new Kafka({
      clientId: 'own',
      brokers: broker.brokers,
      logLevel: logLevel.NOTHING,
    });
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'restart-check' }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: 'restart-check', messages: [{ value: 'before restart' }] });
    await producer.disconnect();

    await broker.restart();

    const consumer = kafka.consumer({ groupId: 'restart-check' });
    await consumer.connect();
    await consumer.subscribe({ topic: 'restart-check', fromBeginning: true });
    const value = await new Promise<string>((resolve) => {
      void consumer.run({ eachMessage: async ({ message }) => resolve(message.value!.toString()) });
    });
    await consumer.disconnect();
    expect(value).toBe('before restart');
  }, 180_000);
});
