import { createTopicPrefix, getTestInfrastructure } from '@dinsos/testing';
import { ConfigResourceTypes, logLevel, type Kafka } from 'kafkajs';
import { createKafkaClient } from './kafka-client';
import { defaultMaxMessageBytes, provisionTopics } from './topics';

async function configOf(kafka: Kafka, topic: string): Promise<Record<string, string>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const { resources } = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
    return Object.fromEntries(
      resources[0].configEntries.map((entry) => [entry.configName, entry.configValue]),
    );
  } finally {
    await admin.disconnect();
  }
}

/**
 * A topic's config once it shows `value` for `name` (or as it stands after 10 s): the broker
 * applies an altered config through its metadata log, so a describe right after may lag.
 */
async function settledConfigOf(
  kafka: Kafka,
  topic: string,
  name: string,
  value: string,
): Promise<Record<string, string>> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const config = await configOf(kafka, topic);
    if (config[name] === value || Date.now() > deadline) return config;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('provisioned topics keep their events for a service deployed later', () => {
  let kafka: Kafka;
  let prefix: string;

  beforeAll(async () => {
    const { kafkaBrokers } = await getTestInfrastructure();
    kafka = createKafkaClient({
      brokers: kafkaBrokers,
      clientId: 'topics-spec',
      level: logLevel.NOTHING,
    });
    prefix = createTopicPrefix();
  });

  it('creates topics that retain messages forever, with the message limit', async () => {
    const topic = `${prefix}dinsos.assessment.events.v1`;
    await provisionTopics(kafka, [topic], { partitions: 2 });
    expect(await configOf(kafka, topic)).toMatchObject({
      'retention.ms': '-1',
      'max.message.bytes': String(defaultMaxMessageBytes),
    });
  });

  it('brings a topic made with a time-limited retention to forever, keeping its partitions', async () => {
    const topic = `${prefix}dinsos.tracing.events.v1`;
    const admin = kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic, numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '86400000' }] },
        ],
      });
      await provisionTopics(kafka, [topic], { partitions: 12 });
      expect(await settledConfigOf(kafka, topic, 'retention.ms', '-1')).toMatchObject({
        'retention.ms': '-1',
      });
      const [metadata] = (await admin.fetchTopicMetadata({ topics: [topic] })).topics;
      expect(metadata.partitions).toHaveLength(3);
    } finally {
      await admin.disconnect();
    }
  });

  it('lets a consumer group that starts late read every message from the beginning', async () => {
    const topic = `${prefix}dinsos.intake.events.v1`;
    await provisionTopics(kafka, [topic], { partitions: 1 });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: ['CaseOpened', 'CaseTransferred', 'CaseOpened'].map((value, i) => ({
        key: `case-${i}`,
        value,
      })),
    });
    await producer.disconnect();
    const late = kafka.consumer({ groupId: `${prefix}late-follower` });
    const seen: string[] = [];
    await late.connect();
    await late.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void late.run({
        eachMessage: async ({ message }) => {
          seen.push(message.value!.toString());
          if (seen.length === 3) resolve();
        },
      });
    });
    await done;
    await late.disconnect();
    expect(seen).toEqual(['CaseOpened', 'CaseTransferred', 'CaseOpened']);
  }, 60_000);
});
