// Used by the case documents' unit specs only: a directory and the decrypted facts of a case.
import { renderDocumentHtml } from '../issue';
import type { DocumentOffice } from '../templates/common';
import { documentInputOf, documentIssuingEvents } from './case-documents';
import type { DocumentDirectory, DocumentFact } from './document-facts';

const offices: Record<string, DocumentOffice> = {
  '36': {
    code: '36',
    regionName: 'Provinsi Banten',
    officeName: 'Dinas Sosial Provinsi Banten',
    address: 'KP3B Jl. Syech Nawawi Al Bantani Palima Serang Banten 42171',
    timeZone: 'Asia/Jakarta',
  },
  '3603': {
    code: '3603',
    regionName: 'Kabupaten Tangerang',
    officeName: 'Dinas Sosial Kabupaten Tangerang',
    address: 'Dinas Sosial Kabupaten Tangerang, Kabupaten Tangerang',
    timeZone: 'Asia/Jakarta',
  },
  '3671': {
    code: '3671',
    regionName: 'Kota Tangerang',
    officeName: 'Dinas Sosial Kota Tangerang',
    address: 'Dinas Sosial Kota Tangerang, Kota Tangerang',
    timeZone: 'Asia/Jakarta',
  },
};

/** Static letterheads and one standard, as the kit's documentDirectory gives them. */
export const directory: DocumentDirectory = {
  office(officeCode) {
    const office = offices[officeCode];
    if (!office) throw new RangeError(`unknown office ${officeCode}`);
    return office;
  },
  standard(ref) {
    return {
      code: ref.code,
      version: ref.version,
      title: 'Pemberian Layanan Rujukan',
      skNumber: 'OR.02/1446/Dinsos/2022',
    };
  },
};

export const bekasi = { code: 'bekasi-layanan-rujukan', version: 1 };
export const clientId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const caseNumber = '3603-2026-000001';

let sequence = 0;
/** A fact of office 3603's case under the Bekasi standard. */
export function fact(
  type: string,
  payload: Record<string, unknown>,
  eventId?: string,
): DocumentFact {
  sequence += 1;
  return {
    eventId: eventId ?? `event-${sequence}`,
    type,
    occurredAt: '2026-03-02T07:00:00.000Z',
    officeCode: '3603',
    serviceStandard: bekasi,
    payload,
  };
}

export const erased = { erased: true, keyId: 'key-erased' };

export const reporter = {
  personId: 'reporter-1',
  name: 'Siti Aminah',
  phone: '081234567890',
  address: { line: 'Kp. Bojong RT 02/03', regencyCode: '3603' },
  relationship: 'warga yang menemukan',
};

export const escort = {
  personId: 'escort-1',
  name: 'Bripka Dedi Kurniawan',
  organisation: 'Polsek Tigaraksa',
  position: 'Bripka',
};

export function reportReceived(overrides: Record<string, unknown> = {}): DocumentFact {
  return fact('ReportReceived', {
    clientCategory: 'neglectedChild',
    caseNumber,
    receivingOfficeCode: '3603',
    serviceStandard: bekasi,
    client: { clientId, returning: false },
    source: { kind: 'police', name: 'Polsek Tigaraksa', regionCode: '3603' },
    reporter,
    escorts: [escort],
    circumstances: 'Ditemukan sendirian di terminal',
    ...overrides,
  });
}

export function clientRegistered(overrides: Record<string, unknown> = {}): DocumentFact {
  return fact('ClientRegistered', {
    clientId,
    category: 'neglectedChild',
    identityStatus: 'known',
    name: 'Muhammad Yusuf',
    calledName: 'Ucup',
    nik: '3603011405160001',
    sex: 'male',
    dateOfBirth: '2016-05-14',
    placeOfBirth: 'Tangerang',
    address: { line: 'Kp. Cibadak RT 01/04' },
    identityDocuments: [],
    physicalDescription: 'Bekas luka di dahi kiri',
    ...overrides,
  });
}

/** Not issued yet: the IssuedDocument a dry run of the decider holds. */
export const notYetIssued = {
  number: '-',
  templateCode: '-',
  templateVersion: 1,
  sha256: '0'.repeat(64),
};

/**
 * The facts with the issuing event's document recorded as its service would record it: rendered
 * by documentInputOf from the facts, with this number.
 */
export function recordIssued(
  facts: readonly DocumentFact[],
  eventId: string,
  number: string,
): DocumentFact[] {
  const issuing = facts.find((f) => f.eventId === eventId)!;
  const { template, input } = documentInputOf(facts, issuing, directory, number);
  const { issued } = renderDocumentHtml(template, input);
  const field = documentIssuingEvents[issuing.type].field;
  return facts.map((f) =>
    f === issuing ? { ...f, payload: { ...f.payload, [field]: issued } } : f,
  );
}

/** The facts with one fact's payload changed. */
export function changed(
  facts: readonly DocumentFact[],
  eventId: string,
  change: (payload: Record<string, unknown>) => Record<string, unknown>,
): DocumentFact[] {
  return facts.map((f) => (f.eventId === eventId ? { ...f, payload: change(f.payload) } : f));
}
