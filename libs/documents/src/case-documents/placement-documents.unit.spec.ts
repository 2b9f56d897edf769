import { createHash } from 'node:crypto';
import {
  documentInputOf,
  institutionReferralReason,
  lksReferralReason,
  regenerateIssuedDocument,
  type DocumentFact,
} from './index';
import {
  bekasi,
  changed,
  clientId,
  clientRegistered,
  directory,
  erased,
  fact,
  notYetIssued,
  recordIssued,
} from './case-facts.fixtures';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

const placementOpened = () =>
  fact('PlacementOpened', {
    clientId,
    caseNumber: '3603-2026-000042',
    clientCategory: 'neglectedChild',
    owningOfficeCode: '3603',
    serviceStandard: bekasi,
    closesOn: ['ClientReturnedHome'],
    reviewIntervalMonths: 1,
    atRiskDays: 2,
  });

/** Placement's copy of intake's registration, the client's name as tracing confirmed it. */
const identityNoted = () =>
  fact('ClientIdentityNoted', {
    ...clientRegistered().payload,
    name: 'Muhammad Yusuf Hidayat',
    physicalDescription: undefined,
  });

const officer = {
  personId: 'officer-1',
  name: 'Dedi Supriadi, S.Sos.',
  position: 'Pekerja Sosial',
  organisation: 'Dinas Sosial Kabupaten Tangerang',
};
const signatory = {
  personId: 'signatory-1',
  name: 'Drs. H. Ahmad Fauzi',
  position: 'Kepala Dinas Sosial Kabupaten Tangerang',
};
const mother = {
  personId: 'mother-1',
  name: 'Sri Wahyuni',
  nik: '3603014501800002',
  relationship: 'ibu kandung',
};
const uncle = { personId: 'uncle-1', name: 'Joko Susilo' };

/** A placement stream: opened, an older registration, then the identity noted. */
function placementCase(...then: DocumentFact[]): DocumentFact[] {
  return [clientRegistered(), placementOpened(), identityNoted(), ...then];
}

function checkRegenerates(facts: DocumentFact[], eventId: string, number: string) {
  const recorded = recordIssued(facts, eventId, number);
  const checked = regenerateIssuedDocument(recorded, eventId, directory);
  expect(checked.status).toBe('matches');
  expect(sha256(checked.html!)).toBe(checked.recorded.sha256);
  expect(checked.recorded.number).toBe(number);
  return { recorded, checked };
}

describe('the Berita Acara Pemulangan, from the events of the return home', () => {
  const returned = (overrides: Record<string, unknown> = {}) =>
    fact(
      'ClientReturnedHome',
      {
        clientId,
        returnedAt: '2026-03-07T03:30:00.000Z',
        place: 'Kp. Cibadak RT 01/04, Desa Cibadak, Kecamatan Cikupa',
        officer,
        receivedBy: [mother, uncle],
        witnesses: [{ personId: 'rt-1', name: 'Ketua RT 01' }],
        notes: 'Klien diterima dengan baik.',
        beritaAcaraPemulangan: notYetIssued,
        previousCustodian: { kind: 'office', officeCode: '3603' },
        custodian: { kind: 'family', personIds: ['mother-1', 'uncle-1'] },
        ...overrides,
      },
      'returned',
    );

  it("names the officer and the family (keluarga when no relationship is recorded), the client as placement noted them, the case's number", () => {
    const facts = placementCase(returned());
    const { template, input } = documentInputOf(facts, facts[3], directory, 'BAP/0001/3603/2026');
    expect(template).toEqual({ code: 'berita-acara-pemulangan', version: 1 });
    expect(input).toEqual({
      office: directory.office('3603'),
      number: 'BAP/0001/3603/2026',
      caseNumber: '3603-2026-000042',
      standard: directory.standard(bekasi),
      returnedAt: '2026-03-07T03:30:00.000Z',
      place: 'Kp. Cibadak RT 01/04, Desa Cibadak, Kecamatan Cikupa',
      officer: {
        name: 'Dedi Supriadi, S.Sos.',
        position: 'Pekerja Sosial',
        organisation: 'Dinas Sosial Kabupaten Tangerang',
      },
      family: [
        {
          name: 'Sri Wahyuni',
          idLabel: 'NIK',
          idNumber: '3603014501800002',
          relationship: 'ibu kandung',
        },
        { name: 'Joko Susilo', relationship: 'keluarga' },
      ],
      client: expect.objectContaining({ name: 'Muhammad Yusuf Hidayat', calledName: 'Ucup' }),
      notes: 'Klien diterima dengan baik.',
    });
  });

  it('regenerates byte-identical, without the witnesses version 1 has no place for', () => {
    const { recorded, checked } = checkRegenerates(
      placementCase(returned()),
      'returned',
      'BAP/0001/3603/2026',
    );
    expect(checked.html).not.toContain('Ketua RT 01');
    const otherNotes = changed(recorded, 'returned', (p) => ({ ...p, notes: 'Catatan lain.' }));
    const mismatch = regenerateIssuedDocument(otherNotes, 'returned', directory);
    expect(mismatch.status).toBe('mismatch');
    expect(mismatch.regenerated!.sha256).not.toBe(mismatch.recorded.sha256);
    const erasedFamily = changed(recorded, 'returned', (p) => ({
      ...p,
      receivedBy: [{ ...mother, name: erased, nik: erased }, uncle],
    }));
    expect(regenerateIssuedDocument(erasedFamily, 'returned', directory).status).toBe('erased');
    const erasedPlace = changed(recorded, 'returned', (p) => ({ ...p, place: erased }));
    expect(regenerateIssuedDocument(erasedPlace, 'returned', directory).status).toBe('erased');
  });

  it('falls back to the case number of intake and its registration when placement noted neither', () => {
    const facts = [
      fact('ReportReceived', { caseNumber: '3603-2026-000007', clientCategory: 'neglectedChild' }),
      clientRegistered(),
      returned(),
    ];
    const { input } = documentInputOf(facts, facts[2], directory, 'n') as {
      input: { caseNumber: string; client: { name: string } };
    };
    expect(input.caseNumber).toBe('3603-2026-000007');
    expect(input.client.name).toBe('Muhammad Yusuf');
    expect(() => documentInputOf([returned()], returned(), directory, 'n')).toThrow(
      /needs the case number/,
    );
  });
});

describe('the BAST of the handover to an LKS, from its event', () => {
  const lks = { code: 'LKS-3603-01', name: 'LKSA Harapan Bangsa', regionCode: '3603' };
  const handedOver = (overrides: Record<string, unknown> = {}) =>
    fact(
      'ClientHandedOverToLks',
      {
        clientId,
        lks,
        handedOverAt: '2026-03-09T02:00:00.000Z',
        place: 'Kantor LKSA Harapan Bangsa',
        handedOverBy: officer,
        receivedBy: { personId: 'lks-1', name: 'Ibu Ratna', position: 'Ketua' },
        witnesses: [{ personId: 'w-1', name: 'Andi Wijaya', position: 'Pekerja Sosial' }],
        belongings: ['Tas ransel biru', 'Akta kelahiran (fotokopi)'],
        bast: notYetIssued,
        previousCustodian: { kind: 'office', officeCode: '3603' },
        custodian: { kind: 'lks', organisation: lks },
        ...overrides,
      },
      'to-lks',
    );

  it('receives for the LKS, lists each item taken along and the witnesses', () => {
    const facts = placementCase(handedOver());
    const { template, input } = documentInputOf(facts, facts[3], directory, 'BAST/0002/3603/2026');
    expect(template).toEqual({ code: 'bast-lks', version: 1 });
    expect(input).toMatchObject({
      receivingOrganisation: 'LKSA Harapan Bangsa',
      place: 'Kantor LKSA Harapan Bangsa',
      handingOver: { name: 'Dedi Supriadi, S.Sos.', position: 'Pekerja Sosial' },
      receiving: { name: 'Ibu Ratna', position: 'Ketua', organisation: 'LKSA Harapan Bangsa' },
      belongings: ['Tas ransel biru', 'Akta kelahiran (fotokopi)'],
      witnesses: [{ name: 'Andi Wijaya', position: 'Pekerja Sosial' }],
      caseNumber: '3603-2026-000042',
    });
  });

  it('regenerates byte-identical; a changed item is a mismatch; an erased item is erased', () => {
    const { recorded, checked } = checkRegenerates(
      placementCase(handedOver()),
      'to-lks',
      'BAST/0002/3603/2026',
    );
    expect(checked.html).toContain('Saksi');
    const otherItem = changed(recorded, 'to-lks', (p) => ({ ...p, belongings: ['Tas merah'] }));
    expect(regenerateIssuedDocument(otherItem, 'to-lks', directory).status).toBe('mismatch');
    const erasedItem = changed(recorded, 'to-lks', (p) => ({
      ...p,
      belongings: ['Tas ransel biru', erased],
    }));
    expect(regenerateIssuedDocument(erasedItem, 'to-lks', directory).status).toBe('erased');
  });
});

describe('the referral letters placement issues, from their events', () => {
  const letter = {
    issuedAt: '2026-03-10T01:00:00.000Z',
    signatory,
    letter: notYetIssued,
  };

  it('addresses a health facility in the region of the office its code names, else in the issuing office’s', () => {
    const issued = (facility: Record<string, unknown>) =>
      fact(
        'HealthReferralIssued',
        {
          clientId,
          referralId: 'r-1',
          facility,
          reason: 'Demam tinggi sejak tiga hari.',
          ...letter,
        },
        'health',
      );
    const addresseeOf = (facility: Record<string, unknown>) => {
      const facts = placementCase(issued(facility));
      const { input } = documentInputOf(facts, facts[3], directory, 'n') as {
        input: { addressee: unknown; kind: string; reason: string; signatory: unknown };
      };
      expect(input.kind).toBe('healthFacility');
      expect(input.reason).toBe('Demam tinggi sejak tiga hari.');
      expect(input.signatory).toEqual({
        name: 'Drs. H. Ahmad Fauzi',
        position: 'Kepala Dinas Sosial Kabupaten Tangerang',
      });
      return input.addressee;
    };
    expect(addresseeOf({ name: 'RSUD Kota Tangerang', regionCode: '3671' })).toEqual({
      name: 'RSUD Kota Tangerang',
      town: 'Kota Tangerang',
    });
    expect(addresseeOf({ name: 'Puskesmas Cikupa', regionCode: '36.03.05' })).toEqual({
      name: 'Puskesmas Cikupa',
      town: 'Kabupaten Tangerang',
    });
    expect(addresseeOf({ name: 'RS Jakarta', regionCode: '3171' })).toEqual({
      name: 'RS Jakarta',
      town: 'Kabupaten Tangerang',
    });

    const { recorded } = checkRegenerates(
      placementCase(issued({ name: 'RSUD Kota Tangerang', regionCode: '3671' })),
      'health',
      'SR/0003/3603/2026',
    );
    const erasedReason = changed(recorded, 'health', (p) => ({ ...p, reason: erased }));
    expect(regenerateIssuedDocument(erasedReason, 'health', directory).status).toBe('erased');
    const otherFacility = changed(recorded, 'health', (p) => ({
      ...p,
      facility: { name: 'RSUD Balaraja' },
    }));
    expect(regenerateIssuedDocument(otherFacility, 'health', directory).status).toBe('mismatch');
  });

  it('needs the position of whoever signs', () => {
    const facts = placementCase(
      fact(
        'HealthReferralIssued',
        {
          clientId,
          referralId: 'r-1',
          facility: { name: 'RSUD' },
          reason: 'Sakit',
          ...letter,
          signatory: { personId: 's', name: 'Tanpa Jabatan' },
        },
        'health',
      ),
    );
    expect(() => documentInputOf(facts, facts[3], directory, 'n')).toThrow(
      /needs signatory\.position/,
    );
  });

  const consent = (consentId: string, name: string) =>
    fact('ConsentRecorded', {
      clientId,
      consentId,
      givenBy: { personId: `giver-${consentId}`, name, relationship: 'ibu kandung' },
      giverRole: 'family',
      purpose: 'institutionCare',
      letterDate: '2026-03-08',
      letterScan: { fileId: 'f', sha256: '0'.repeat(64) },
    });
  const toInstitution = (consentId: string) =>
    fact(
      'InstitutionReferralIssued',
      {
        clientId,
        institution: { name: 'Panti Sosial Asuhan Anak Budi Mulia', regionCode: '36' },
        consentId,
        ...letter,
      },
      'institution',
    );

  it('cites the consent the institution referral rests on', () => {
    const facts = placementCase(
      consent('c-1', 'Sri Wahyuni'),
      consent('c-2', 'Joko Susilo'),
      toInstitution('c-1'),
    );
    const { input } = documentInputOf(facts, facts[5], directory, 'n') as {
      input: Record<string, unknown>;
    };
    expect(input).toMatchObject({
      kind: 'institution',
      addressee: { name: 'Panti Sosial Asuhan Anak Budi Mulia', town: 'Provinsi Banten' },
      reason: institutionReferralReason,
      consent: { givenBy: 'Sri Wahyuni', giverRole: 'family', letterDate: '2026-03-08' },
    });
    const { recorded, checked } = checkRegenerates(facts, 'institution', 'SR/0004/3603/2026');
    expect(checked.html).toContain('atas nama Sri Wahyuni, tertanggal 8 Maret 2026');
    const consentErased = changed(recorded, facts[3].eventId, (p) => ({
      ...p,
      givenBy: { personId: 'giver-c-1', name: erased },
    }));
    expect(regenerateIssuedDocument(consentErased, 'institution', directory).status).toBe('erased');
    const withoutConsent = placementCase(consent('c-2', 'Joko Susilo'), toInstitution('c-1'));
    expect(() => documentInputOf(withoutConsent, withoutConsent[4], directory, 'n')).toThrow(
      /needs the ConsentRecorded c-1 it rests on/,
    );
  });

  it('addresses the LKS a client is referred to', () => {
    const facts = placementCase(
      fact(
        'LksReferralMade',
        { clientId, lks: { name: 'LKSA Harapan Bangsa', regionCode: '3603' }, ...letter },
        'lks',
      ),
    );
    const { input } = documentInputOf(facts, facts[3], directory, 'n') as {
      input: Record<string, unknown>;
    };
    expect(input).toMatchObject({
      kind: 'lks',
      addressee: { name: 'LKSA Harapan Bangsa', town: 'Kabupaten Tangerang' },
      reason: lksReferralReason,
      signedIn: 'Kabupaten Tangerang',
    });
    const { recorded } = checkRegenerates(facts, 'lks', 'SR/0005/3603/2026');
    const otherClient = changed(recorded, facts[2].eventId, (p) => ({ ...p, nik: undefined }));
    expect(regenerateIssuedDocument(otherClient, 'lks', directory).status).toBe('mismatch');
  });
});
