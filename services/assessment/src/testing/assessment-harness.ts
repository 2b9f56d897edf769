import { randomUUID } from 'node:crypto';
import type { EventForWire, EventPayload } from '@dinsos/contracts';
import { ServiceDeployment, eventually, officerRequests } from '@dinsos/platform/testing';
import {
  OfficeDirectory,
  bantenOffices,
  serviceStandards,
  type ServiceStandardCatalogue,
} from '@dinsos/service-standards';
import type request from 'supertest';
import { assessmentConfigSchema, assessmentServiceName } from '../assessment-config';
import { migrateAssessmentSchema } from '../assessment.migrations';
import { AssessmentModule, assessmentPlatformFeatures } from '../assessment.module';

/**
 * Banten's offices and standards, and a city office in WITA (UTC+8) running the Bekasi
 * template: due dates must be that office's dates.
 */
export const standardsWithWitaOffice: ServiceStandardCatalogue = serviceStandards.with({
  offices: new OfficeDirectory([
    ...bantenOffices,
    {
      code: '73',
      regionName: 'Provinsi Sulawesi Selatan',
      officeName: 'Dinas Sosial Provinsi Sulawesi Selatan',
      level: 'province',
      timeZone: 'Asia/Makassar',
    },
    {
      code: '7371',
      regionName: 'Kota Makassar',
      officeName: 'Dinas Sosial Kota Makassar',
      level: 'city',
      parentCode: '73',
      timeZone: 'Asia/Makassar',
    },
  ]),
  assignments: [
    { officeCode: '7371', standardCode: 'bekasi-layanan-rujukan', basis: 'test office in WITA' },
  ],
});

export type AssessmentDeployment = ServiceDeployment<typeof assessmentConfigSchema>;

/** One deployment of the assessment service, as main.ts declares it, with the WITA office. */
export async function createAssessmentDeployment(): Promise<AssessmentDeployment> {
  return ServiceDeployment.create({
    name: assessmentServiceName,
    module: AssessmentModule,
    configSchema: assessmentConfigSchema,
    platform: assessmentPlatformFeatures(standardsWithWitaOffice),
    migrations: migrateAssessmentSchema,
  });
}

export const standards = {
  bekasi: { code: 'bekasi-layanan-rujukan', version: 1 },
  banten: { code: 'banten-rehsos-anak-terlantar', version: 1 },
} as const;

let cases = 0;
/** A case id no other test (or earlier run against the same broker) uses. */
export function newCaseId(officeCode: string): string {
  cases += 1;
  return `${officeCode}-${Date.now().toString(36)}-${cases}`;
}

/**
 * Intake's events of one case as intake's relay would publish them: the report, the BAST
 * handover to the shelter (Bekasi template) and the opening, each at a time of the test's choice.
 */
export function intakeOf(deployment: AssessmentDeployment, caseId: string, officeCode: string) {
  const clientId = randomUUID();
  const shelter = { name: 'Rumah Singgah Dinas Sosial' };
  const envelope = (standard: keyof typeof standards) => ({
    caseId,
    officeCode,
    serviceStandard: standards[standard],
  });
  return {
    clientId,
    reportReceived(standard: keyof typeof standards, occurredAt: string): Promise<EventForWire> {
      return deployment.publish({
        type: 'ReportReceived',
        ...envelope(standard),
        occurredAt,
        payload: { serviceStandard: standards[standard] },
      });
    },
    handedOverToShelter(occurredAt: string): Promise<EventForWire> {
      return deployment.publish({
        type: 'ClientHandedOverToShelter',
        ...envelope('bekasi'),
        occurredAt,
        payload: {
          clientId,
          shelter,
          bast: {
            number: `BAST/${caseId}`,
            templateCode: 'bast-shelter',
            templateVersion: 1,
            sha256: 'a'.repeat(64),
          },
          handedOverBy: { personId: randomUUID() },
          handedOverAt: occurredAt,
          custodian: { kind: 'shelter', organisation: shelter },
        } satisfies EventPayload<'ClientHandedOverToShelter'>,
      });
    },
    caseOpened(
      standard: keyof typeof standards,
      occurredAt: string,
      overrides: Pick<Partial<EventForWire>, 'eventId'> = {},
    ): Promise<EventForWire> {
      return deployment.publish({
        type: 'CaseOpened',
        ...envelope(standard),
        occurredAt,
        payload: {
          caseNumber: caseId,
          clientId,
          clientCategory: 'neglectedChild',
          owningOfficeCode: officeCode,
          serviceStandard: standards[standard],
          custodian:
            standard === 'bekasi'
              ? { kind: 'shelter', organisation: shelter }
              : { kind: 'office', officeCode },
        } satisfies EventPayload<'CaseOpened'>,
        ...overrides,
      });
    },
    transferred(toOfficeCode: string, occurredAt: string): Promise<EventForWire> {
      return deployment.publish({
        type: 'CaseTransferred',
        ...envelope('banten'),
        occurredAt,
        payload: {
          fromOfficeCode: officeCode,
          toOfficeCode,
          serviceStandard: standards.banten,
          reason: 'Referred up to the provincial service',
        } satisfies EventPayload<'CaseTransferred'>,
      });
    },
  };
}

/** Officers' requests with a token and (for commands) a fresh Idempotency-Key. */
export type OfficeClient = ReturnType<typeof officeClient>;

export function officeClient(http: ReturnType<typeof request>, token: string) {
  return officerRequests(http, token);
}

/** Waits until the case's assessment has started here (its reaction to CaseOpened ran). */
export function assessmentStarted(
  client: ReturnType<typeof officeClient>,
  caseId: string,
): Promise<request.Response> {
  return eventually(async () => {
    const answer = await client.get(`/assessments/${caseId}`);
    return answer.status === 200 && answer.body.status === 'started' ? answer : undefined;
  }, `the assessment of ${caseId} to start`);
}

/** A complete assessment body (the fields a social worker fills in). */
export function assessmentBody(overrides: Record<string, unknown> = {}) {
  return {
    assessedOn: '2026-03-02',
    physicalCondition: 'Thin, small wounds on both feet',
    health: 'Skin infection on the feet; no fever',
    needsMedicalCare: false,
    psychologicalState: 'Withdrawn at first, calmer after a meal',
    education: { status: 'droppedOut', level: 'SD kelas 4' },
    familyAndOrigin: 'Says he comes from Kampung Cibuntu; mother works in Jakarta',
    risks: { riskAtHome: 'medium', details: 'Left alone for weeks at a time' },
    needs: ['safeShelter', 'healthCare', 'familyReunification'],
    childView: 'I want to go home to my grandmother',
    ...overrides,
  };
}
