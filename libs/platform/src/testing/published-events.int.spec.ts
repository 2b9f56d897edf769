import { examples } from '@dinsos/contracts';
import { createKafkaClient } from '@dinsos/messaging';
import { Module } from '@nestjs/common';
import { ServiceDeployment, type PublishedEvents } from './index';

@Module({})
class PublisherModule {}

/** A stand-in for assessment whose relay publishes its own events (real PostgreSQL and Kafka). */
describe('the service harness: what a service published (real PostgreSQL and Kafka)', () => {
  let deployment: ServiceDeployment;
  let published: PublishedEvents;

  beforeAll(async () => {
    deployment = await ServiceDeployment.create({
      name: 'assessment',
      module: PublisherModule,
      platform: { caseAccess: 'ownStreams', relay: { service: 'assessment' } },
    });
    // Asked before the service runs: the reader makes the topic and reads it from its beginning.
    published = await deployment.publishedEvents();
    await deployment.start();
  });

  afterAll(async () => {
    await deployment?.stop();
  });

  const recommendationMade = (caseId: string) => ({
    type: 'RecommendationMade',
    caseId,
    officeCode: '36',
    payload: {
      clientId: 'c0ffee00-0000-4000-8000-000000000001',
      recommendationNumber: 1,
      recommendation: 'returnHome',
      reasons: examples.exampleEncryptedField('k', 'reasons'),
      childView: examples.exampleEncryptedField('k', 'childView'),
    },
  });

  it("reads the service's own topic, with the deployment's prefix, as another context receives it", async () => {
    expect(published.topic).toBe(`${deployment.topicPrefix}dinsos.assessment.events.v1`);
    expect(await deployment.publishedEvents()).toBe(published);
    const caseId = '36-2026-000001';
    expect(published.has(caseId, 'RecommendationMade')).toBe(false);
    const [made] = await deployment.append(recommendationMade(caseId));
    const received = await published.find(caseId, 'RecommendationMade');
    expect(received).toMatchObject({
      eventId: made.eventId,
      caseId,
      type: 'RecommendationMade',
      context: 'assessment',
      payload: { recommendation: 'returnHome' },
    });
    expect(published.has(caseId, 'RecommendationMade')).toBe(true);
    expect(published.received.map((event) => event.eventId)).toEqual([made.eventId]);
  });

  it("is stopped by the deployment's stop(), which then refuses another", async () => {
    const groupMembers = async () => {
      const admin = createKafkaClient({
        brokers: deployment.kafkaBrokers,
        clientId: 'groups',
      }).admin();
      await admin.connect();
      try {
        const { groups } = await admin.describeGroups([published.groupId]);
        return groups[0].members.length;
      } finally {
        await admin.disconnect();
      }
    };
    expect(await groupMembers()).toBe(1);
    await deployment.stop();
    expect(await groupMembers()).toBe(0);
    expect(published.received).toHaveLength(1);
    await expect(deployment.publishedEvents()).rejects.toThrow(
      "assessment's deployment is stopped",
    );
  });

  it('refuses a service that publishes on no context topic', async () => {
    const example = await ServiceDeployment.create({ name: 'example', module: PublisherModule });
    try {
      await expect(example.publishedEvents()).rejects.toThrow(
        'example is no service of the contracts',
      );
    } finally {
      await example.stop();
    }
  });
});
