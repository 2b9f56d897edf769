import { randomUUID } from 'node:crypto';
import type { Role } from '@dinsos/auth';
import { examples, type EventForWire } from '@dinsos/contracts';
import { PersonalFields } from '@dinsos/platform';
import {
  ServiceDeployment,
  eventually,
  officerRequests,
  type ServiceInstance,
} from '@dinsos/platform/testing';
import type { ServiceStandardCatalogue } from '@dinsos/service-standards';
import type request from 'supertest';
import { placementConfigSchema, placementServiceName } from '../placement-config';
import { migratePlacementSchema } from '../placement.migrations';
import { PlacementModule, placementPlatformFeatures } from '../placement.module';
import { placementStreamId } from '../placement/placement.decider';

export type PlacementDeployment = ServiceDeployment<typeof placementConfigSchema>;

/** One deployment of placement, as main.ts declares it. */
export function createPlacementDeployment(
  options: { standards?: ServiceStandardCatalogue; clockStartsAt?: string } = {},
): Promise<PlacementDeployment> {
  return ServiceDeployment.create({
    name: placementServiceName,
    module: PlacementModule,
    configSchema: placementConfigSchema,
    platform: placementPlatformFeatures(options.standards),
    migrations: migratePlacementSchema,
    ...(options.clockStartsAt ? { clockStartsAt: options.clockStartsAt } : {}),
  });
}

export const standards = {
  bekasi: { code: 'bekasi-layanan-rujukan', version: 1 },
  banten: { code: 'banten-rehsos-anak-terlantar', version: 1 },
} as const;

const shelter = { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang', regionCode: '3603' };

let cases = 0;

/**
 * A case of its own, and the other contexts' events about it as their relays publish them
 * (intake's report, client, shelter handover, opening and transfer; assessment's recommendation;
 * tracing's outcome), personal fields encrypted with the deployment's own keys so documents can
 * be rendered from them. `returningClientId`: a client of an earlier case (`returning: true` in
 * the report), whom intake registers no second time.
 */
export function caseOf(
  deployment: PlacementDeployment,
  instance: ServiceInstance,
  officeCode: string,
  standard: keyof typeof standards = 'bekasi',
  options: { returningClientId?: string } = {},
) {
  cases += 1;
  const caseId = `${officeCode}-${Date.now().toString(36)}-${cases}`;
  const clientId = options.returningClientId ?? randomUUID();
  const motherId = randomUUID();
  const fields = instance.app.get(PersonalFields);
  const envelope = { caseId, officeCode, serviceStandard: standards[standard] };
  const custodian =
    standard === 'bekasi'
      ? { kind: 'shelter' as const, organisation: shelter }
      : { kind: 'office' as const, officeCode };
  return {
    caseId,
    clientId,
    motherId,
    reported: (occurredAt: string): Promise<EventForWire> =>
      deployment.publish({
        type: 'ReportReceived',
        ...envelope,
        occurredAt,
        payload: {
          ...examples.exampleReportReceived(),
          caseNumber: caseId,
          receivingOfficeCode: officeCode,
          client: { clientId, returning: options.returningClientId !== undefined },
          serviceStandard: standards[standard],
        },
      }),
    registered: async (occurredAt: string): Promise<EventForWire> =>
      deployment.publish({
        type: 'ClientRegistered',
        ...envelope,
        streamId: `client-${clientId}`,
        occurredAt,
        payload: {
          clientId,
          category: 'neglectedChild',
          identityStatus: 'partlyKnown',
          calledName: await fields.encrypt(clientId, 'Adi'),
          sex: 'male',
          estimatedAgeYears: await fields.encrypt(clientId, 9),
          identityDocuments: [],
        },
      }),
    handedOverToShelter: (handedOverAt: string): Promise<EventForWire> =>
      deployment.publish({
        type: 'ClientHandedOverToShelter',
        ...envelope,
        occurredAt: handedOverAt,
        payload: {
          clientId,
          bast: {
            number: `BAST/0001/${officeCode}/2026`,
            templateCode: 'bast-rumah-singgah',
            templateVersion: 1,
            sha256: 'a'.repeat(64),
          },
          handedOverBy: { personId: randomUUID(), organisation: 'Polsek Cikupa' },
          shelter,
          handedOverAt,
          custodian,
        },
      }),
    /** `eventId`: the same event again, as Kafka may deliver it twice. */
    /** Intake's fingerprints and photo (seed 000 step 5, before the referral letters). */
    biometricsRecorded: async (occurredAt: string): Promise<EventForWire> =>
      deployment.publish({
        type: 'BiometricsRecorded',
        ...envelope,
        streamId: `client-${clientId}`,
        occurredAt,
        payload: {
          clientId,
          captures: [
            {
              modality: 'photo',
              file: await fields.encrypt(clientId, {
                fileId: 'f'.repeat(64),
                sha256: 'f'.repeat(64),
                mediaType: 'image/jpeg',
              }),
              capturedAt: occurredAt,
            },
          ],
        },
      }),
    opened: (occurredAt: string, eventId?: string): Promise<EventForWire> =>
      deployment.publish({
        type: 'CaseOpened',
        ...envelope,
        ...(eventId ? { eventId } : {}),
        occurredAt,
        payload: {
          caseNumber: caseId,
          clientId,
          clientCategory: 'neglectedChild',
          owningOfficeCode: officeCode,
          serviceStandard: standards[standard],
          custodian,
        },
      }),
    recommended: (recommendation: string): Promise<EventForWire> =>
      deployment.publish({
        type: 'RecommendationMade',
        ...envelope,
        payload: {
          clientId,
          recommendationNumber: 1,
          recommendation,
          reasons: examples.exampleEncryptedField(`key-${clientId}`, 'reasons'),
          childView: examples.exampleEncryptedField(`key-${clientId}`, 'childView'),
        },
      }),
    familyFound: async (): Promise<EventForWire> =>
      deployment.publish({
        type: 'FamilyFound',
        ...envelope,
        payload: {
          clientId,
          candidateId: randomUUID(),
          familyMembers: [
            {
              personId: motherId,
              name: await fields.encrypt(motherId, 'Sari Wulandari'),
              relationship: 'ibu kandung',
            },
          ],
          relation: 'ibu kandung',
          address: await fields.encrypt(clientId, { line: 'Kp. Sukamaju RT 03/RW 02' }),
          verifiedBy: ['villageLetter'],
          evidenceInquiryIds: [randomUUID()],
          childView: await fields.encrypt(clientId, 'Adi ingin pulang ke ibunya.'),
        },
      }),
    familyNotFound: (): Promise<EventForWire> =>
      deployment.publish({
        type: 'FamilyNotFound',
        ...envelope,
        payload: {
          clientId,
          channelsTried: ['village', 'disdukcapil'],
          reason: 'Tidak ada jawaban yang menunjuk keluarga klien',
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
          reason: 'Klien dipindahkan ke wilayah asal',
        },
      }),
  };
}

/** An officer's requests: a token of the deployment's key, a fresh Idempotency-Key each. */
export async function officer(
  deployment: PlacementDeployment,
  http: ReturnType<typeof request>,
  role: Role,
  officeCode: string,
  id = `${role}-${officeCode}`,
) {
  const token = await deployment.tokenFor(role, officeCode, id);
  return { id, ...officerRequests(http, token) };
}

export type PlacementCase = ReturnType<typeof caseOf>;

/** The placement stream of a case, as stored. */
export function placementOf(deployment: PlacementDeployment, caseId: string) {
  return deployment.reader.store.readStream(placementStreamId(caseId));
}

/** The types of a case's placement events, in stream order. */
export async function placementTypesOf(
  deployment: PlacementDeployment,
  caseId: string,
): Promise<string[]> {
  return (await placementOf(deployment, caseId)).map((event) => event.type);
}

/** Waits until the case's placement stream holds an event of each type (at least `count` of each). */
export function placementHas(
  deployment: PlacementDeployment,
  caseId: string,
  types: readonly string[],
  count = 1,
) {
  return eventually(
    async () => {
      const events = await placementOf(deployment, caseId);
      const complete = types.every(
        (type) => events.filter((event) => event.type === type).length >= count,
      );
      return complete ? events : undefined;
    },
    `${types.join(', ')} in placement-${caseId}`,
  );
}

/**
 * A case as intake opens it, heard by placement: the report (which starts the whole service's
 * clock), the client's registration, the shelter's handover on the regency template, and the
 * opening; waits until the placement is open with its custody, clock and the client's identity,
 * and the case's ownership lets the office's placement officer in.
 */
export async function openedCase(
  deployment: PlacementDeployment,
  instance: ServiceInstance,
  officeCode: string,
  standard: keyof typeof standards = 'bekasi',
  options: { reportedAt?: string; recommendation?: string } = {},
) {
  const opened = caseOf(deployment, instance, officeCode, standard);
  const reportedAt = options.reportedAt ?? deployment.clock.now().toISOString();
  await opened.reported(reportedAt);
  await opened.registered(reportedAt);
  if (standard === 'bekasi') await opened.handedOverToShelter(reportedAt);
  // Seed 000 puts fingerprints and photo (intake, after the assessment) before the letters: on
  // the same partition before CaseOpened, so noted before the placement opens.
  if (standard === 'banten') await opened.biometricsRecorded(reportedAt);
  if (options.recommendation) await opened.recommended(options.recommendation);
  await opened.opened(reportedAt);
  await placementHas(deployment, opened.caseId, [
    'PlacementOpened',
    'CustodyRecorded',
    'ServiceClockStarted',
    'ClientIdentityNoted',
    ...(options.recommendation ? ['RecommendationReceived'] : []),
  ]);
  const placementOfficer = await officer(
    deployment,
    instance.http,
    'placement-officer',
    officeCode,
  );
  await eventually(async () => {
    const answer = await placementOfficer.get(`/placements/${opened.caseId}`);
    return answer.status === 200 ? true : undefined;
  }, `case ${opened.caseId} to be readable by its office`);
  return { ...opened, reportedAt, placementOfficer };
}

/** The documents of a case's placement, each regenerated from the events and checked. */
export async function documentsOf(
  deployment: PlacementDeployment,
  instance: ServiceInstance,
  caseId: string,
  officeCode: string,
) {
  const auditor = await officer(deployment, instance.http, 'auditor', officeCode);
  const answer = await auditor.get(`/placements/${caseId}/documents`);
  if (answer.status !== 200) {
    throw new Error(`documents of ${caseId}: ${answer.status} ${JSON.stringify(answer.body)}`);
  }
  return answer.body.documents as {
    eventId: string;
    issuedBy: string;
    number: string;
    template: string;
    sha256: string;
    regenerated: 'matches' | 'mismatch' | 'erased';
  }[];
}

/** Someone who signs for the office or an organisation: a name and a position. */
export const signatory = (
  name = 'Drs. Hendra Gunawan',
  position = 'Kepala Bidang Rehabilitasi Sosial',
) => ({ name, position });
