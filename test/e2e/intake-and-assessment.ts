// Used by test/e2e/*.e2e.spec.ts only: intake and assessment as their main.ts declare them,
// deployed together as the system runs them: one database (the store migrated once, each
// service's schema as its owner role), one topic prefix, one dev key and one clock. They talk
// only over Kafka: nothing here passes an event from one to the other.
import type { Role } from '@dinsos/auth';
import { ServiceDeployment, type ServiceInstance } from '@dinsos/platform/testing';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  assessmentConfigSchema,
  assessmentServiceName,
} from '../../services/assessment/src/assessment-config';
import { migrateAssessmentSchema } from '../../services/assessment/src/assessment.migrations';
import {
  AssessmentModule,
  assessmentPlatformFeatures,
} from '../../services/assessment/src/assessment.module';
import { intakeConfigSchema, intakeServiceName } from '../../services/intake/src/intake-config';
import { IntakeModule, intakePlatformFeatures } from '../../services/intake/src/intake.module';
import { migrateIntakeOwnParts } from '../../services/intake/src/migrate-intake-database';

export interface IntakeAndAssessment {
  intake: { deployment: ServiceDeployment<typeof intakeConfigSchema>; instance: ServiceInstance };
  assessment: {
    deployment: ServiceDeployment<typeof assessmentConfigSchema>;
    instance: ServiceInstance;
  };
  /** An officer's requests to one service: a token of the system's key, a fresh Idempotency-Key. */
  officer(role: Role, officeCode: string, subject: string): Promise<Officer>;
  stop(): Promise<void>;
}

export type Officer = ReturnType<typeof officerOf>;

function officerOf(token: string, services: Record<'intake' | 'assessment', ServiceInstance>) {
  const at = (service: 'intake' | 'assessment') => ({
    get: (route: string) =>
      services[service].http.get(route).set('Authorization', `Bearer ${token}`),
    post: (route: string, body: object = {}, key: string = randomUUID()) =>
      services[service].http
        .post(route)
        .set('Authorization', `Bearer ${token}`)
        .set('Idempotency-Key', key)
        .send(body),
    upload: (route: string, bytes: Buffer, mediaType = 'image/jpeg') =>
      services[service].http
        .post(route)
        .set('Authorization', `Bearer ${token}`)
        .set('Content-Type', mediaType)
        .send(bytes),
  });
  return { intake: at('intake'), assessment: at('assessment') };
}

/** Deploys and starts one instance of each; stop() ends both and drops the database. */
export async function deployIntakeAndAssessment(): Promise<IntakeAndAssessment> {
  const fileStoreDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-files-'));
  const intake = await ServiceDeployment.create({
    name: intakeServiceName,
    module: IntakeModule,
    configSchema: intakeConfigSchema,
    platform: intakePlatformFeatures(),
    migrations: migrateIntakeOwnParts,
    env: { FILE_STORE_DIR: path.join(fileStoreDir, 'intake') },
  });
  try {
    const assessment = await ServiceDeployment.create(
      {
        name: assessmentServiceName,
        module: AssessmentModule,
        configSchema: assessmentConfigSchema,
        platform: assessmentPlatformFeatures(),
        migrations: migrateAssessmentSchema,
        env: { FILE_STORE_DIR: path.join(fileStoreDir, 'assessment') },
      },
      { sharing: intake },
    );
    const [intakeInstance, assessmentInstance] = await Promise.all([
      intake.start(),
      assessment.start(),
    ]);
    const services = { intake: intakeInstance, assessment: assessmentInstance };
    return {
      intake: { deployment: intake, instance: intakeInstance },
      assessment: { deployment: assessment, instance: assessmentInstance },
      officer: async (role, officeCode, subject) =>
        officerOf(await intake.tokenFor(role, officeCode, subject), services),
      stop: async () => {
        await intake.stop();
        fs.rmSync(fileStoreDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await intake.stop();
    fs.rmSync(fileStoreDir, { recursive: true, force: true });
    throw error;
  }
}
