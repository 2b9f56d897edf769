import { randomUUID } from 'node:crypto';
import type { Role } from '@dinsos/auth';
import { examples, type EventForWire } from '@dinsos/contracts';
import { ServiceDeployment, eventually, officerRequests } from '@dinsos/platform/testing';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type request from 'supertest';
import { familyTracingConfigSchema, familyTracingServiceName } from '../family-tracing-config';
import { migrateFamilyTracingSchema } from '../family-tracing.migrations';
import { FamilyTracingModule, familyTracingPlatformFeatures } from '../family-tracing.module';

export type TracingDeployment = ServiceDeployment<typeof familyTracingConfigSchema>;

/** One deployment of family tracing, as main.ts declares it. */
export function createTracingDeployment(
  options: { standards?: ServiceStandardCatalogue; clockStartsAt?: string } = {},
): Promise<TracingDeployment> {
  return ServiceDeployment.create({
    name: familyTracingServiceName,
    module: FamilyTracingModule,
    configSchema: familyTracingConfigSchema,
    platform: familyTracingPlatformFeatures(options.standards),
    migrations: migrateFamilyTracingSchema,
    ...(options.clockStartsAt ? { clockStartsAt: options.clockStartsAt } : {}),
  });
}

export const standards = {
  bekasi: { code: 'bekasi-layanan-rujukan', version: 1 },
  banten: { code: 'banten-rehsos-anak-terlantar', version: 1 },
} as const;

let cases = 0;

/**
 * A case of its own, and the other contexts' events about it as their relays publish them:
 * intake's CaseOpened and CaseTransferred, assessment's recommendations.
 */
export function caseOf(
  deployment: TracingDeployment,
  officeCode: string,
  standard: keyof typeof standards = 'bekasi',
) {
  cases += 1;
  const caseId = `${officeCode}-${Date.now().toString(36)}-${cases}`;
  const clientId = randomUUID();
  const envelope = { caseId, officeCode, serviceStandard: standards[standard] };
  return {
    caseId,
    clientId,
    opened: (): Promise<EventForWire> =>
      deployment.publish({
        type: 'CaseOpened',
        ...envelope,
        payload: {
          caseNumber: caseId,
          clientId,
          owningOfficeCode: officeCode,
          serviceStandard: standards[standard],
        },
      }),
    recommended: (recommendation: string, number = 1, eventId?: string): Promise<EventForWire> =>
      deployment.publish({
        type: 'RecommendationMade',
        ...envelope,
        ...(eventId ? { eventId } : {}),
        payload: {
          clientId,
          recommendationNumber: number,
          recommendation,
          reasons: examples.exampleEncryptedField(`key-${clientId}`, 'reasons'),
          childView: examples.exampleEncryptedField(`key-${clientId}`, 'childView'),
        },
      }),
    transferred: (toOfficeCode: string): Promise<EventForWire> =>
      deployment.publish({
        type: 'CaseTransferred',
        ...envelope,
        payload: {
          fromOfficeCode: officeCode,
          toOfficeCode,
          serviceStandard: standards[standard],
          reason: 'Referred to the receiving office',
        },
      }),
  };
}

export type TracedCase = ReturnType<typeof caseOf>;

/** An officer's requests: a token of the deployment's key, a fresh Idempotency-Key per command. */
export async function officer(
  deployment: TracingDeployment,
  http: ReturnType<typeof request>,
  role: Role,
  officeCode: string,
  id = `${role}-${officeCode}`,
) {
  const token = await deployment.tokenFor(role, officeCode, id);
  return { id, ...officerRequests(http, token) };
}

export type Officer = Awaited<ReturnType<typeof officer>>;

/** The tracing stream of a case, as the service's role reads it. */
export function tracingOf(deployment: TracingDeployment, caseId: string) {
  return deployment.reader.store.readStream(`tracing-${caseId}`);
}

/** Waits until tracing has started for the case and its CaseOpened made it readable. */
export async function tracingReady(deployment: TracingDeployment, reader: Officer, caseId: string) {
  await eventually(async () => {
    const events = await tracingOf(deployment, caseId);
    return events.some((event) => event.type === 'TracingStarted') ? true : undefined;
  }, `the tracing of ${caseId} to start`);
  return eventually(async () => {
    const answer = await reader.get(`/tracings/${caseId}`);
    return answer.status === 200 ? answer : undefined;
  }, `the tracing of ${caseId} to be readable`);
}

/** A case of seed 004 whose tracing started and whose officer is assigned: the usual start. */
export async function tracedCase(
  deployment: TracingDeployment,
  http: ReturnType<typeof request>,
  officeCode = '3603',
) {
  const traced = caseOf(deployment, officeCode, 'bekasi');
  await traced.opened();
  await traced.recommended('traceFamily');
  const supervisor = await officer(deployment, http, 'supervisor', officeCode);
  const tracer = await officer(
    deployment,
    http,
    'tracing-officer',
    officeCode,
    `tracer-${officeCode}`,
  );
  await tracingReady(deployment, supervisor, traced.caseId);
  const assigned = await supervisor.post(`/tracings/${traced.caseId}/assignment`, {
    officerId: tracer.id,
  });
  if (assigned.status !== 200)
    throw new Error(`assignment failed: ${JSON.stringify(assigned.body)}`);
  return { ...traced, supervisor, tracer };
}
