// The analysts' feed as deployed: the whole store (every context's events, appended under the
// write services' own roles) published de-identified to the analytics topic, read back by a plain
// Kafka consumer, as an analyst reads it (README).
import { randomBytes } from 'node:crypto';
import { bekasiPath } from '@dinsos/case-summary/testing';
import {
  analyticsTopic,
  contexts,
  contextOfStreamCategory,
  isStreamCategory,
  parseStreamId,
} from '@dinsos/contracts';
import { ServiceDeployment } from '@dinsos/platform/testing';
import { createKafkaClient } from '@dinsos/messaging';
import { getTestInfrastructure } from '@dinsos/testing';
import { logLevel, type Consumer } from 'kafkajs';
import { analyticsConfigSchema, analyticsServiceName } from '../analytics-config';
import { AnalyticsModule, analyticsPlatformFeatures } from '../analytics.module';

const keyId = 'test-2026';
const secret = randomBytes(32).toString('base64');

describe("the analysts' feed", () => {
  let deployment: ServiceDeployment<typeof analyticsConfigSchema>;
  let consumer: Consumer | undefined;

  beforeAll(async () => {
    const env = { ANALYTICS_PSEUDONYM_KEY: secret, ANALYTICS_PSEUDONYM_KEY_ID: keyId };
    deployment = await ServiceDeployment.create({
      name: analyticsServiceName,
      module: AnalyticsModule,
      configSchema: analyticsConfigSchema,
      platform: analyticsPlatformFeatures(env),
      env,
    });
    await deployment.start();
  });
  afterAll(async () => {
    await consumer?.disconnect();
    await deployment?.stop();
  });

  it('publishes every event of the store de-identified, with no id of a case or a person in clear', async () => {
    const path = bekasiPath();
    for (const event of path) {
      const { category } = parseStreamId(event.streamId);
      if (!isStreamCategory(category)) throw new Error(`no context owns ${event.streamId}`);
      const { service } = contexts[contextOfStreamCategory(category)];
      await deployment.appendAs(service, {
        type: event.type,
        streamId: event.streamId,
        caseId: event.caseId ?? undefined,
        officeCode: event.officeCode,
        occurredAt: event.occurredAt,
        serviceStandard: event.serviceStandard ?? undefined,
        payload: event.payload as Record<string, unknown>,
      });
    }

    const { kafkaBrokers } = await getTestInfrastructure();
    const kafka = createKafkaClient({
      brokers: kafkaBrokers,
      clientId: 'analyst',
      level: logLevel.NOTHING,
    });
    consumer = kafka.consumer({ groupId: `${deployment.topicPrefix}analyst` });
    await consumer.connect();
    await consumer.subscribe({
      topic: `${deployment.topicPrefix}${analyticsTopic}`,
      fromBeginning: true,
    });
    const received: Array<{ key: string; text: string }> = [];
    await consumer.run({
      eachMessage: async ({ message }) => {
        received.push({ key: String(message.key), text: String(message.value) });
      },
    });
    const deadline = Date.now() + 30_000;
    while (received.length < path.length && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(received).toHaveLength(path.length);

    const caseId = path[0].caseId as string;
    const inClear = new Set<string>([caseId, secret]);
    for (const event of path) {
      inClear.add(event.eventId);
      inClear.add(event.correlationId);
      for (const id of (event as { subjectIds?: string[] }).subjectIds ?? []) inClear.add(id);
    }
    const messages = received.map(({ key, text }) => ({ key, event: JSON.parse(text) }));
    const types = messages.map(({ event }) => event.type);
    expect(types).toEqual(path.map((event) => event.type));
    for (const { key, event } of messages) {
      expect(event.pseudonymKeyId).toBe(keyId);
      expect(key).toBe(event.caseRef);
      expect(event.officeCode).toMatch(/^36\d{2}$/);
    }
    // One case, one pseudonym throughout; never the case id itself.
    expect(new Set(messages.map(({ key }) => key)).size).toBe(1);
    for (const { text } of received) {
      for (const value of inClear) expect(text).not.toContain(value);
    }
  });

  it('refuses a pseudonym key that is not base64 or too short, naming the variable and not the value', () => {
    for (const bad of ['not base64!', randomBytes(8).toString('base64')]) {
      expect(() =>
        analyticsPlatformFeatures({
          ANALYTICS_PSEUDONYM_KEY: bad,
          ANALYTICS_PSEUDONYM_KEY_ID: keyId,
        }),
      ).toThrow(/ANALYTICS_PSEUDONYM_KEY/);
      try {
        analyticsPlatformFeatures({
          ANALYTICS_PSEUDONYM_KEY: bad,
          ANALYTICS_PSEUDONYM_KEY_ID: keyId,
        });
      } catch (error) {
        expect(String(error)).not.toContain(bad);
      }
    }
  });
});
