// Used by test/e2e/*.e2e.spec.ts only: the write services of the case path (intake, assessment,
// family-tracing, placement) as their main.ts declare them, deployed together as the system runs
// them: one database (the store migrated once, each service's schema as its owner role), one
// topic prefix, one dev key and one clock. They talk only over Kafka: nothing here passes an
// event from one to another.
import type { Role } from '@dinsos/auth';
import { ServiceDeployment, type ServiceInstance } from '@dinsos/platform/testing';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import {
  assessmentConfigSchema,
  assessmentServiceName,
} from '../../services/assessment/src/assessment-config';
import { migrateAssessmentSchema } from '../../services/assessment/src/assessment.migrations';
import {
  AssessmentModule,
  assessmentPlatformFeatures,
} from '../../services/assessment/src/assessment.module';
import {
  familyTracingConfigSchema,
  familyTracingServiceName,
} from '../../services/family-tracing/src/family-tracing-config';
import { migrateFamilyTracingSchema } from '../../services/family-tracing/src/family-tracing.migrations';
import {
  FamilyTracingModule,
  familyTracingPlatformFeatures,
} from '../../services/family-tracing/src/family-tracing.module';
import { intakeConfigSchema, intakeServiceName } from '../../services/intake/src/intake-config';
import { IntakeModule, intakePlatformFeatures } from '../../services/intake/src/intake.module';
import { migrateIntakeOwnParts } from '../../services/intake/src/migrate-intake-database';
import {
  placementConfigSchema,
  placementServiceName,
} from '../../services/placement/src/placement-config';
import { migratePlacementSchema } from '../../services/placement/src/placement.migrations';
import {
  PlacementModule,
  placementPlatformFeatures,
} from '../../services/placement/src/placement.module';

export type ServiceKey = 'intake' | 'assessment' | 'tracing' | 'placement';

interface Deployed<S extends z.ZodRawShape> {
  deployment: ServiceDeployment<S>;
  instance: ServiceInstance;
}

export interface System {
  intake: Deployed<typeof intakeConfigSchema>;
  assessment: Deployed<typeof assessmentConfigSchema>;
  tracing: Deployed<typeof familyTracingConfigSchema>;
  placement: Deployed<typeof placementConfigSchema>;
  /** The one clock every service reads (the deployments share it). */
  setClock(instant: string): void;
  /** An officer's requests to each service: a token of the system's key, a fresh Idempotency-Key. */
  officer(role: Role, officeCode: string, subject: string): Promise<Officer>;
  /** Ends every service and drops the database. */
  stop(): Promise<void>;
}

export type Officer = ReturnType<typeof officerOf>;
export type ServiceRequests = Officer[ServiceKey];

function officerOf(subject: string, token: string, services: Record<ServiceKey, ServiceInstance>) {
  const at = (service: ServiceKey) => ({
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
  return {
    id: subject,
    intake: at('intake'),
    assessment: at('assessment'),
    tracing: at('tracing'),
    placement: at('placement'),
  };
}

/** Deploys and starts one instance of each service; stop() ends them all and drops the database. */
export async function deploySystem(): Promise<System> {
  const fileStoreDir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-files-'));
  const filesOf = (service: ServiceKey) => ({
    FILE_STORE_DIR: path.join(fileStoreDir, service),
  });
  const intake = await ServiceDeployment.create({
    name: intakeServiceName,
    module: IntakeModule,
    configSchema: intakeConfigSchema,
    platform: intakePlatformFeatures(),
    migrations: migrateIntakeOwnParts,
    env: filesOf('intake'),
  });
  const stopAll = async () => {
    await intake.stop();
    fs.rmSync(fileStoreDir, { recursive: true, force: true });
  };
  try {
    const sharing = { sharing: intake };
    const assessment = await ServiceDeployment.create(
      {
        name: assessmentServiceName,
        module: AssessmentModule,
        configSchema: assessmentConfigSchema,
        platform: assessmentPlatformFeatures(),
        migrations: migrateAssessmentSchema,
        env: filesOf('assessment'),
      },
      sharing,
    );
    const tracing = await ServiceDeployment.create(
      {
        name: familyTracingServiceName,
        module: FamilyTracingModule,
        configSchema: familyTracingConfigSchema,
        platform: familyTracingPlatformFeatures(),
        migrations: migrateFamilyTracingSchema,
        env: filesOf('tracing'),
      },
      sharing,
    );
    const placement = await ServiceDeployment.create(
      {
        name: placementServiceName,
        module: PlacementModule,
        configSchema: placementConfigSchema,
        platform: placementPlatformFeatures(),
        migrations: migratePlacementSchema,
        env: filesOf('placement'),
      },
      sharing,
    );
    const [intakeInstance, assessmentInstance, tracingInstance, placementInstance] =
      await Promise.all([intake.start(), assessment.start(), tracing.start(), placement.start()]);
    const services = {
      intake: intakeInstance,
      assessment: assessmentInstance,
      tracing: tracingInstance,
      placement: placementInstance,
    };
    return {
      intake: { deployment: intake, instance: intakeInstance },
      assessment: { deployment: assessment, instance: assessmentInstance },
      tracing: { deployment: tracing, instance: tracingInstance },
      placement: { deployment: placement, instance: placementInstance },
      setClock: (instant) => intake.clock.set(instant),
      officer: async (role, officeCode, subject) =>
        officerOf(subject, await intake.tokenFor(role, officeCode, subject), services),
      stop: stopAll,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

/**
 * The system for one spec file: deployed before its tests with the clock at `startsAt`, each
 * named officer (role, subject) of `officeCode` ready, and stopped after the tests. Its fields
 * are filled in beforeAll: read them inside the tests.
 */
export function systemForSpec<K extends string>(
  startsAt: string,
  officeCode: string,
  officers: Record<K, [Role, string]>,
): { system: System } & Record<K, Officer> {
  const spec = {} as { system: System } & Record<K, Officer>;
  beforeAll(async () => {
    spec.system = await deploySystem();
    spec.system.setClock(startsAt);
    for (const [name, [role, subject]] of Object.entries(officers) as [K, [Role, string]][]) {
      (spec as Record<K, Officer>)[name] = await spec.system.officer(role, officeCode, subject);
    }
  });
  afterAll(async () => {
    await spec.system?.stop();
  });
  return spec;
}
