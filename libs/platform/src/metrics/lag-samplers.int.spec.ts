import { contexts, examples } from '@dinsos/contracts';
import { PostgresEventStore, migrate, type RecordedEvent } from '@dinsos/event-store';
import {
  EventRelay,
  createKafkaClient,
  migrateMessaging,
  provisionTopics,
  relaySourceFromStore,
} from '@dinsos/messaging';
import {
  createTestDatabase,
  createTopicPrefix,
  eventually,
  getTestInfrastructure,
  testRoles,
} from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { consumerLagSampler, relayLagSampler } from './lag-samplers';

/** Intake's store and relay (not started): what the lag is measured on. */
async function upstreamIntake(topicPrefix: string) {
  const database = await createTestDatabase({ prefix: 'intake' });
  await migrate(database.ownerUrl, { appRole: testRoles.app.name });
  await migrateMessaging(database.ownerUrl, { appRole: testRoles.app.name });
  const pool = new Pool({ connectionString: database.appUrl, max: 4 });
  const store = new PostgresEventStore(pool);
  const { kafkaBrokers } = await getTestInfrastructure();
  const kafka = createKafkaClient({ brokers: kafkaBrokers, clientId: 'upstream-intake' });
  await provisionTopics(kafka, [`${topicPrefix}${contexts.intake.topic}`]);
  const relay = new EventRelay({
    name: 'intake',
    source: relaySourceFromStore(store, 'intake', { topicPrefix }),
    kafka,
    databaseUrl: database.appUrl,
    idleDelayMs: 50,
  });
  return {
    pool,
    store,
    relay,
    async openCase(caseId: string, officeCode: string): Promise<RecordedEvent> {
      const eventId = randomUUID();
      await store.appendToStream(
        `intakeCase-${caseId}`,
        [
          {
            eventId,
            type: 'CaseOpened',
            schemaVersion: 1,
            caseId,
            subjectIds: [],
            officeCode,
            occurredAt: new Date().toISOString(),
            actor: { id: 'intake-officer-1', role: 'intake-officer', officeCode },
            correlationId: randomUUID(),
            causationId: null,
            payload: { ...examples.exampleCaseOpened(), owningOfficeCode: officeCode },
          },
        ],
        { expectedRevision: 'any' },
      );
      relay.nudge();
      return (await store.readStream(`intakeCase-${caseId}`)).find((e) => e.eventId === eventId)!;
    },
    async stop() {
      await relay.stop();
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
}

describe('relay and consumer lag, measured against the real store and broker', () => {
  let intake: Awaited<ReturnType<typeof upstreamIntake>>;
  const topicPrefix = createTopicPrefix();

  beforeAll(async () => {
    intake = await upstreamIntake(topicPrefix);
  });

  afterAll(async () => {
    await intake?.stop();
  });

  it('relay lag is the age of the oldest unpublished event, and 0 once the relay caught up', async () => {
    const lag = relayLagSampler({
      pool: intake.pool,
      store: intake.store,
      relayName: 'intake',
      categories: contexts.intake.streamCategories,
    });
    expect(await lag()).toBe(0);
    const opened = await intake.openCase('3603-lag-1', '3603');
    await eventually(
      async () => (Date.now() > Date.parse(opened.recordedAt) ? true : undefined),
      'time to pass',
    );
    // The store shows an event once the cluster-wide read horizon passed its commit: a test's
    // transaction in another database of the cluster may hold that back for a moment.
    await eventually(
      async () => ((await lag()) > 0 ? true : undefined),
      'the unpublished event to count as lag',
    );

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
