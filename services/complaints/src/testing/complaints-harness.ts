import { randomUUID } from 'node:crypto';
import type { Role } from '@dinsos/auth';
import { ServiceDeployment, officerRequests } from '@dinsos/platform/testing';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type request from 'supertest';
import { complaintsConfigSchema, complaintsServiceName } from '../complaints-config';
import { migrateComplaintsSchema } from '../complaints.migrations';
import { ComplaintsModule, complaintsPlatformFeatures } from '../complaints.module';

export type ComplaintsDeployment = ServiceDeployment<typeof complaintsConfigSchema>;

/** One deployment of complaints, as main.ts declares it. */
export function createComplaintsDeployment(
  options: { standards?: ServiceStandardCatalogue; clockStartsAt?: string } = {},
): Promise<ComplaintsDeployment> {
  return ServiceDeployment.create({
    name: complaintsServiceName,
    module: ComplaintsModule,
    configSchema: complaintsConfigSchema,
    platform: complaintsPlatformFeatures(options.standards),
    migrations: migrateComplaintsSchema,
    ...(options.clockStartsAt ? { clockStartsAt: options.clockStartsAt } : {}),
  });
}

/** An officer's requests: a token of the deployment's key, a fresh Idempotency-Key per command. */
export async function officer(
  deployment: ComplaintsDeployment,
  http: ReturnType<typeof request>,
  role: Role,
  officeCode: string,
  id = `${role}-${officeCode}`,
) {
  const token = await deployment.tokenFor(role, officeCode, id);
  return { id, role, officeCode, ...officerRequests(http, token) };
}

export type Officer = Awaited<ReturnType<typeof officer>>;

/** The complaint's stream, as the service's role reads it. */
export function complaintEvents(deployment: ComplaintsDeployment, complaintId: string) {
  return deployment.reader.store.readStream(`complaint-${complaintId}`);
}

/** A complaint body on a channel, with that channel's own reference. */
export function complaintBody(overrides: Record<string, unknown> = {}) {
  return {
    channel: 'sp4nLapor',
    channelReference: { kind: 'laporTrackingNumber', value: `LAPOR-${randomUUID().slice(0, 8)}` },
    classification: 'complaint',
    text: 'Petugas tidak menanggapi laporan anak terlantar di Pasar Rangkasbitung selama dua hari.',
    ...overrides,
  };
}

/** The breach timers of a complaint. */
export async function timersOf(deployment: ComplaintsDeployment, complaintId: string) {
  const { rows } = await deployment.reader.pool.query<{
    timer_id: string;
    due_at: Date;
    fired_at: Date | null;
    cancelled_at: Date | null;
    case_id: string | null;
  }>(
    `select timer_id, due_at, fired_at, cancelled_at, case_id from platform_timers
      where timer_id like $1 order by scheduled_at, timer_id`,
    [`complaint-sla-breach:${complaintId}:%`],
  );
  return rows;
}
