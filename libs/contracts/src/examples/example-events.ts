import { createHash } from 'node:crypto';
import type { EventPayload, EventPayloadOfVersion } from '../catalogue/catalogue';
import type { EventForWire } from '../cloudevents/kafka-binding';
import type { EncryptedField } from '../personal-data/personal-field';

/**
 * Valid example payloads and envelopes for tests here and in other libs (relay, consumers).
 * Personal fields hold stand-in ciphertext: well-formed, not decryptable.
 */

function base64Of(text: string, bytes: number): string {
  return createHash('sha256').update(text).digest().subarray(0, bytes).toString('base64');
}

/** A well-formed encrypted field; `label` makes each one distinct. */
export function exampleEncryptedField(keyId: string, label: string): EncryptedField {
  return {
    keyId,
    iv: base64Of(`iv:${label}`, 12),
    ct: base64Of(`ct:${label}`, 32),
    tag: base64Of(`tag:${label}`, 16),
  };
}

export const exampleIds = {
  caseId: '3601-2025-000123',
  clientId: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  reporterId: '16fd2706-8baf-433b-82eb-8c7fada847da',
  escortId: '9a7b330a-a736-41e5-b4a2-3a5c2d1e0f11',
} as const;

const clientKey = `key-${exampleIds.clientId}`;
const reporterKey = `key-${exampleIds.reporterId}`;
const escortKey = `key-${exampleIds.escortId}`;

export function exampleReportReceivedV1(): EventPayloadOfVersion<'ReportReceived', 1> {
  return {
    clientCategory: 'neglectedChild',
    foundAt: exampleEncryptedField(clientKey, 'foundAt'),
    foundOn: '2025-03-03',
    reporter: {
      personId: exampleIds.reporterId,
      name: exampleEncryptedField(reporterKey, 'reporter.name'),
      phone: exampleEncryptedField(reporterKey, 'reporter.phone'),
      organisation: 'Polsek Cikarang Pusat',
    },
    serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
    source: 'Polsek Cikarang Pusat',
    coveringLetterNumber: 'B/123/III/2025/Sek.CKP',
  };
}

export function exampleReportReceived(): EventPayload<'ReportReceived'> {
  return {
    clientCategory: 'neglectedChild',
    foundAt: exampleEncryptedField(clientKey, 'foundAt'),
    foundOn: '2025-03-03',
    reporter: {
      personId: exampleIds.reporterId,
      name: exampleEncryptedField(reporterKey, 'reporter.name'),
      phone: exampleEncryptedField(reporterKey, 'reporter.phone'),
      organisation: 'Polsek Cikarang Pusat',
      position: 'Bripka',
    },
    serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
    source: { kind: 'police', name: 'Polsek Cikarang Pusat', regionCode: '3216' },
    letter: {
      number: 'B/123/III/2025/Sek.CKP',
      date: '2025-03-03',
      issuer: 'Polsek Cikarang Pusat',
      reason: 'foundNeglected',
      scan: exampleEncryptedField(clientKey, 'letter.scan'),
    },
    escorts: [
      {
        personId: exampleIds.escortId,
        name: exampleEncryptedField(escortKey, 'escort.name'),
        relationship: 'police officer',
        organisation: 'Polsek Cikarang Pusat',
      },
    ],
    circumstances: exampleEncryptedField(clientKey, 'circumstances'),
  };
}

export function exampleClientRegistered(): EventPayload<'ClientRegistered'> {
  return {
    clientId: exampleIds.clientId,
    category: 'neglectedChild',
    identityStatus: 'unknown',
    calledName: exampleEncryptedField(clientKey, 'calledName'),
    sex: 'male',
    estimatedAgeYears: exampleEncryptedField(clientKey, 'estimatedAgeYears'),
    identityDocuments: [],
  };
}

export function exampleCaseOpened(): EventPayload<'CaseOpened'> {
  return {
    caseNumber: '3601/2025/000123',
    clientId: exampleIds.clientId,
    clientCategory: 'neglectedChild',
    owningOfficeCode: '3601',
    serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
    custodian: { kind: 'shelter', organisation: { name: 'Rumah Singgah Dinas Sosial' } },
  };
}

/** A recorded event as the relay hands it to `toKafkaMessage`. */
export function exampleEventForWire(overrides: Partial<EventForWire> = {}): EventForWire {
  return {
    eventId: '3b241101-e2bb-4255-8caf-4136c566a962',
    type: 'ReportReceived',
    schemaVersion: 2,
    streamId: `intakeCase-${exampleIds.caseId}`,
    streamRevision: 0,
    caseId: exampleIds.caseId,
    subjectIds: [exampleIds.clientId, exampleIds.reporterId, exampleIds.escortId],
    officeCode: '3601',
    occurredAt: '2025-03-04T02:15:00.000Z',
    recordedAt: '2025-03-04T02:15:00.412Z',
    actor: { id: 'officer-17', role: 'intake-officer', officeCode: '3601' },
    correlationId: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
    causationId: null,
    serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
    payload: exampleReportReceived(),
    ...overrides,
  };
}
