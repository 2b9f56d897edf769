// Fixtures for the deciders' unit tests: sealed values stand in for the vault's output.
import { examples } from '@dinsos/contracts';
import type { ReportDetails } from '../intake-case/intake-case.decider';
import type { ClientIdentity } from '../client/client.decider';

export const ids = {
  client: '7c9e6679-7425-40de-944b-e07fc1f90ae7',
  reporter: '16fd2706-8baf-433b-82eb-8c7fada847da',
  escort: '9a7b330a-a736-41e5-b4a2-3a5c2d1e0f11',
  otherClient: 'b1c2d3e4-0000-4000-8000-000000000001',
} as const;

export const sealed = (subject: string, label: string) =>
  examples.exampleEncryptedField(`key-${subject}`, label);

export function reportDetails(overrides: Partial<ReportDetails> = {}): ReportDetails {
  return {
    clientCategory: 'neglectedChild',
    foundAt: sealed(ids.client, 'foundAt'),
    foundOn: '2026-03-02',
    reporter: {
      personId: ids.reporter,
      name: sealed(ids.reporter, 'name'),
      phone: sealed(ids.reporter, 'phone'),
      organisation: 'Polsek Tigaraksa',
    },
    source: { kind: 'police', name: 'Polsek Tigaraksa', regionCode: '3603' },
    letter: {
      number: 'B/45/III/2026/Sek.TGR',
      date: '2026-03-02',
      issuer: 'Polsek Tigaraksa',
      reason: 'foundNeglected',
      scan: sealed(ids.client, 'letter.scan'),
    },
    escorts: [
      {
        personId: ids.escort,
        name: sealed(ids.escort, 'name'),
        relationship: 'police officer',
        organisation: 'Polsek Tigaraksa',
      },
    ],
    circumstances: sealed(ids.client, 'circumstances'),
    ...overrides,
  };
}

export function clientIdentity(overrides: Partial<ClientIdentity> = {}): ClientIdentity {
  return {
    calledName: sealed(ids.client, 'calledName'),
    sex: 'male',
    estimatedAgeYears: sealed(ids.client, 'estimatedAgeYears'),
    identityDocuments: [],
    ...overrides,
  };
}

export const issuedBast = {
  number: 'BAST/0001/3603/2026',
  templateCode: 'bast-rumah-singgah',
  templateVersion: 1,
  sha256: 'a'.repeat(64),
};

export const issuedLetter = {
  number: 'SR/0001/3603/2026',
  templateCode: 'surat-rujukan',
  templateVersion: 1,
  sha256: 'b'.repeat(64),
};

export const shelter = {
  name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang',
  regionCode: '3603',
};
