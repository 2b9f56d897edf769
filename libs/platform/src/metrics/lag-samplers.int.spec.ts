import { contexts } from '@dinsos/contracts';
import { createKafkaClient } from '@dinsos/messaging';
import { createTopicPrefix, getTestInfrastructure } from '@dinsos/testing';
import { eventually, UpstreamIntake } from '../example-service/testing/example-harness';
import { consumerLagSampler, relayLagSampler } from './lag-samplers';

describe('relay and consumer lag, measured against the real store and broker', () => {
  let intake: UpstreamIntake;
  const topicPrefix = createTopicPrefix();

  beforeAll(async () => {
    intake = await UpstreamIntake.start(topicPrefix, { startRelay: false });
  });

  afterAll(async () => {
    await intake?.stop();
  });

  it('relay lag is the age of the oldest unpublished event, and 0 once the relay caught up', async () => {
    const lag = relayLagSampler({
      pool: intake.pool,
      store: intake.store,
      relayName: 'intake',
      service: 'intake',
    });
    expect(await lag()).toBe(0);
    const opened = await intake.openCase('3603-lag-1', '3603');
    await eventually(
      async () => (Date.now() > Date.parse(opened.recordedAt) ? true : undefined),
      'time to pass',
    );
    expect(await lag()).toBeGreaterThan(0);

    const { kafkaBrokers } = await getTestInfrastructure();
    const kafka = createKafkaClient({ brokers: kafkaBrokers, clientId: 'lag-test' });
    const topic = `${topicPrefix}${contexts.intake.topic}`;
    const groupLag = consumerLagSampler(kafka, `${topicPrefix}nobody-consumes`, [topic]);
    try {
      intake.relay.start();
      await eventually(
        async () => ((await lag()) === 0 ? true : undefined),
        'the relay to catch up',
      );
      await intake.openCase('3603-lag-2', '3603');
      await eventually(
        async () => ((await lag()) === 0 ? true : undefined),
        'the relay to publish the second case',
      );
      // A group that never consumed is behind by every message on the topic.
      const total = async () =>
        (await groupLag.sample()).reduce((sum, partition) => sum + partition.lag, 0);
      expect(
        await eventually(
          async () => ((await total()) === 2 ? 2 : undefined),
          'both messages to count as lag',
        ),
      ).toBe(2);
    } finally {
      await groupLag.close();
    }
  });
});
