// Used by intake's *.int.spec.ts only: intake on the platform's service harness (real PostgreSQL
// and Kafka), with a file store in a temporary directory.
import type { Role } from '@dinsos/auth';
import { PostgresEventStore } from '@dinsos/event-store';
import { createPersonalDataVault, type PersonalDataVault } from '@dinsos/personal-data';
import type { PlatformFeatures } from '@dinsos/platform';
import { ServiceDeployment, type ServiceInstance, type TestClock } from '@dinsos/platform/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'pg';
import { intakeConfigSchema, intakeServiceName } from '../intake-config';
import { IntakeModule, intakePlatformFeatures } from '../intake.module';
import { migrateIntakeOwnParts } from '../migrate-intake-database';

/** What several instances of intake share: database, keys, file store, topic prefix, logs, clock. */
export type IntakeDeployment = ServiceDeployment<typeof intakeConfigSchema> & {
  fileStoreDir: string;
};
export type IntakeInstance = ServiceInstance;

export async function createIntakeDeployment(): Promise<IntakeDeployment> {
  const fileStoreDir = fs.mkdtempSync(path.join(os.tmpdir(), 'intake-files-'));
  const deployment = await ServiceDeployment.create({
    name: intakeServiceName,
    module: IntakeModule,
    configSchema: intakeConfigSchema,
    platform: intakePlatformFeatures(),
    migrations: migrateIntakeOwnParts,
    env: { FILE_STORE_DIR: fileStoreDir, UPLOAD_MAX_BYTES: '300000' },
  });
  return Object.assign(deployment, { fileStoreDir });
}

export function startIntakeInstance(
  deployment: IntakeDeployment,
  options: {
    platform?: PlatformFeatures;
    clock?: TestClock;
    env?: Record<string, string>;
  } = {},
): Promise<IntakeInstance> {
  return deployment.start({
    platform: options.platform,
    clock: options.clock,
    env: options.env,
  });
}

/** The deployment's database as the tests read it: intake's role and schema, like the service. */
export function readerOf(deployment: IntakeDeployment): {
  pool: Pool;
  store: PostgresEventStore;
  vault: PersonalDataVault;
} {
  const pool = new Pool({ connectionString: deployment.serviceDatabaseUrl, max: 3 });
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
  return deployment.tokenFor(role, officeCode, subject);
}

export async function dropDeployment(deployment: IntakeDeployment): Promise<void> {
  await deployment.stop();
  fs.rmSync(deployment.fileStoreDir, { recursive: true, force: true });
}

export { eventually } from '@dinsos/testing';
