// Used by the example service's *.int.spec.ts only: the example service against real PostgreSQL
// and Kafka, and a stand-in intake service (its own database, store and relay) that publishes
// CaseOpened/CaseTransferred to the intake topic the example consumes.
import { generateDevKeyPair, signDevToken, type Role } from '@dinsos/auth';
import { contexts, examples, type ServiceName } from '@dinsos/contracts';
import {
  PostgresEventStore,
  migrate,
  type NewEvent,
  type RecordedEvent,
} from '@dinsos/event-store';
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
  getTestInfrastructure,
  testRoles,
  type TestDatabase,
} from '@dinsos/testing';
import type { INestApplication } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { LogCapture } from '../../testing';
import {
  BACKGROUND_WORK,
  createServiceApp,
  loadConfig,
  migrateServiceDatabase,
  withSearchPath,
  type BackgroundWork,
  type PlatformFeatures,
} from '../../index';
import {
  ExampleServiceModule,
  exampleConfigSchema,
  examplePlatformFeatures,
  exampleServiceName,
} from '../example-service.module';

/** A stand-in intake service: appends intake events to its own store and relays them to Kafka. */
export class UpstreamIntake {
  private constructor(
    readonly database: TestDatabase,
    readonly pool: Pool,
    readonly store: PostgresEventStore,
    readonly relay: EventRelay,
  ) {}

  static async start(
    topicPrefix: string,
    options: { startRelay?: boolean } = {},
  ): Promise<UpstreamIntake> {
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
      source: relaySourceFromStore(store, 'intake' satisfies ServiceName, { topicPrefix }),
      kafka,
      databaseUrl: database.appUrl,
      idleDelayMs: 50,
    });
    if (options.startRelay ?? true) relay.start();
    return new UpstreamIntake(database, pool, store, relay);
  }

  /** Appends CaseOpened for a new case owned by `officeCode`; returns the stored event. */
  async openCase(caseId: string, officeCode: string): Promise<RecordedEvent> {
    return this.append(
      caseId,
      'CaseOpened',
      { ...examples.exampleCaseOpened(), caseNumber: caseId, owningOfficeCode: officeCode },
      officeCode,
    );
  }

  async transferCase(
    caseId: string,
    fromOfficeCode: string,
    toOfficeCode: string,
  ): Promise<RecordedEvent> {
    return this.append(
      caseId,
      'CaseTransferred',
      {
        fromOfficeCode,
        toOfficeCode,
        serviceStandard: examples.exampleCaseOpened().serviceStandard,
        reason: 'Rujukan ke provinsi',
      },
      toOfficeCode,
    );
  }

  private async append(
    caseId: string,
    type: string,
    payload: object,
    officeCode: string,
  ): Promise<RecordedEvent> {
    const event: NewEvent<object> = {
      eventId: randomUUID(),
      type,
      schemaVersion: 1,
      caseId,
      subjectIds: [examples.exampleIds.clientId],
      officeCode,
      occurredAt: '2026-11-20T03:00:00.000Z',
      actor: { id: 'intake-officer-1', role: 'intake-officer', officeCode },
      correlationId: randomUUID(),
      causationId: null,
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      payload,
    };
    await this.store.appendToStream(`intakeCase-${caseId}`, [event], { expectedRevision: 'any' });
    this.relay.nudge();
    const stored = await this.store.readStream(`intakeCase-${caseId}`);
    return stored.find((e) => e.eventId === event.eventId)!;
  }

  async stop(): Promise<void> {
    await this.relay.stop();
    await this.store.close();
    await this.pool.end();
    await this.database.drop();
  }
}

export interface ExampleHarness {
  app: INestApplication;
  database: TestDatabase;
  topicPrefix: string;
  logs: LogCapture;
  /** The app role's pool on the example's database, for assertions. */
  pool: Pool;
  store: PostgresEventStore;
  token(role: Role, officeCode: string, subject?: string): Promise<string>;
  /** A token signed by a key the service does not trust. */
  foreignToken(role: Role, officeCode: string): Promise<string>;
  close(): Promise<void>;
}

export interface ExampleHarnessOptions {
  env?: Record<string, string>;
  platform?: PlatformFeatures;
  /** Wait until the consumers have joined their groups. Default true. */
  waitForConsumers?: boolean;
}

/** The example service on a fresh database, with the shared broker and a topic prefix of its own. */
export async function startExampleService(
  options: ExampleHarnessOptions = {},
): Promise<ExampleHarness> {
  const { kafkaBrokers } = await getTestInfrastructure();
  const database = await createTestDatabase({ prefix: 'example' });
  await migrateServiceDatabase(database.ownerUrl, {
    appRole: testRoles.app.name,
    service: exampleServiceName,
  });
  const keys = await generateDevKeyPair();
  const foreignKeys = await generateDevKeyPair();
  const topicPrefix = createTopicPrefix();
  const result = loadConfig(exampleConfigSchema, {
    DATABASE_URL: database.appUrl,
    KAFKA_BROKERS: kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: topicPrefix,
    AUTH_DEV_PUBLIC_KEY: keys.publicKeyPem,
    CONSOLE_ORIGIN: 'https://console.dinsos.test',
    UPLOAD_MAX_BYTES: '300000',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const logs = new LogCapture();
  const app = await createServiceApp({
    name: exampleServiceName,
    module: ExampleServiceModule,
    config: result.config,
    platform:
      options.platform ??
      examplePlatformFeatures({
        firstContactAfterDays: result.config.EXAMPLE_FIRST_CONTACT_AFTER_DAYS,
      }),
    logDestination: logs,
  });
  if (options.waitForConsumers ?? true) await app.get<BackgroundWork>(BACKGROUND_WORK).started();
  const pool = new Pool({
    connectionString: withSearchPath(database.appUrl, exampleServiceName),
    max: 4,
  });
  const store = new PostgresEventStore(pool);
  return {
    app,
    database,
    topicPrefix,
    logs,
    pool,
    store,
    token: (role, officeCode, subject) =>
      signDevToken(keys.privateKeyPem, { role, officeCode, subject }),
    foreignToken: (role, officeCode) =>
      signDevToken(foreignKeys.privateKeyPem, { role, officeCode }),
    async close() {
      await app.close();
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
}

export { eventually } from '@dinsos/testing';
