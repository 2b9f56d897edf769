// Used by intake's *.int.spec.ts only: the intake service against real PostgreSQL and Kafka
// through @dinsos/testing, with a file store in a temporary directory and a clock tests set.
import { generateDevKeyPair, signDevToken, type Role } from '@dinsos/auth';
import { PostgresEventStore } from '@dinsos/event-store';
import { createPersonalDataVault, type PersonalDataVault } from '@dinsos/personal-data';
import {
  BACKGROUND_WORK,
  createServiceApp,
  loadConfig,
  withSearchPath,
  type BackgroundWork,
  type PlatformFeatures,
} from '@dinsos/platform';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import {
  createTestDatabase,
  createTopicPrefix,
  getTestInfrastructure,
  type TestDatabase,
} from '@dinsos/testing';
import type { INestApplication } from '@nestjs/common';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import request from 'supertest';
import { LogCapture, TestClock } from '@dinsos/platform/testing';
import { intakeConfigSchema, intakeServiceName } from '../intake-config';
import { IntakeModule, intakePlatformFeatures } from '../intake.module';
import { intakeRoles, migrateIntakeDatabase } from '../persistence/migrate-intake-database';

/** What several instances of intake share: database, keys, file store, topic prefix, logs. */
export interface IntakeDeployment {
  database: TestDatabase;
  topicPrefix: string;
  fileStoreDir: string;
  keys: { privateKeyPem: string; publicKeyPem: string };
  logs: LogCapture;
  kafkaBrokers: string[];
}

export async function createIntakeDeployment(): Promise<IntakeDeployment> {
  const { kafkaBrokers } = await getTestInfrastructure();
  const database = await createTestDatabase({ prefix: 'intake' });
  await migrateIntakeDatabase({
    storeOwnerUrl: database.ownerUrl,
    intakeOwnerUrl: database.urlAs(intakeRoles.owner),
  });
  return {
    database,
    topicPrefix: createTopicPrefix(),
    fileStoreDir: fs.mkdtempSync(path.join(os.tmpdir(), 'intake-files-')),
    keys: await generateDevKeyPair(),
    logs: new LogCapture(),
    kafkaBrokers,
  };
}

export interface IntakeInstance {
  app: INestApplication;
  http: ReturnType<typeof request>;
  clock: TestClock;
}

export async function startIntakeInstance(
  deployment: IntakeDeployment,
  options: {
    platform?: PlatformFeatures;
    standards?: ServiceStandardCatalogue;
    clock?: TestClock;
    env?: Record<string, string>;
  } = {},
): Promise<IntakeInstance> {
  const result = loadConfig(intakeConfigSchema, {
    NODE_ENV: 'test',
    DATABASE_URL: deployment.database.urlAs(intakeRoles.app),
    DATABASE_POOL_SIZE: '6',
    KAFKA_BROKERS: deployment.kafkaBrokers.join(','),
    KAFKA_TOPIC_PREFIX: deployment.topicPrefix,
    AUTH_DEV_PUBLIC_KEY: deployment.keys.publicKeyPem,
    FILE_STORE_DIR: deployment.fileStoreDir,
    UPLOAD_MAX_BYTES: '300000',
    RATE_LIMIT_PER_MINUTE: '100000',
    LOG_LEVEL: 'info',
    ...options.env,
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  const clock = options.clock ?? new TestClock(new Date('2026-03-02T02:15:00Z'));
  const platform = options.platform ?? intakePlatformFeatures();
  const app = await createServiceApp({
    name: intakeServiceName,
    module: IntakeModule.register(options.standards ? { standards: options.standards } : {}),
    config: result.config,
    platform: {
      consumerRetry: { attempts: 3, initialBackoffMs: 50, maxBackoffMs: 200 },
      ...platform,
      clock,
    },
    logDestination: deployment.logs,
  });
  if (platform.relay || platform.follows) {
    await app.get<BackgroundWork>(BACKGROUND_WORK).started();
  }
  return { app, http: request(app.getHttpServer()), clock };
}

/** The deployment's database as the tests read it: intake's role and schema, like the service. */
export function readerOf(deployment: IntakeDeployment): {
  pool: Pool;
  store: PostgresEventStore;
  vault: PersonalDataVault;
} {
  const pool = new Pool({
    connectionString: withSearchPath(deployment.database.urlAs(intakeRoles.app), 'intake'),
    max: 3,
  });
  // pool.end() resolves before its sockets close: the database drop may still reach one.
  pool.on('error', () => undefined);
  return {
    pool,
    store: new PostgresEventStore(pool),
    vault: createPersonalDataVault({ pool, masterKey: null }),
  };
}

export function tokenFor(
  deployment: IntakeDeployment,
  role: Role,
  officeCode: string,
  subject?: string,
): Promise<string> {
  return signDevToken(deployment.keys.privateKeyPem, {
    role,
    officeCode,
    subject: subject ?? `${role}-${officeCode}`,
  });
}

export async function dropDeployment(deployment: IntakeDeployment): Promise<void> {
  await deployment.database.drop();
  fs.rmSync(deployment.fileStoreDir, { recursive: true, force: true });
}

export { eventually } from '@dinsos/testing';
