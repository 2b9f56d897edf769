import { createHash } from 'node:crypto';
import {
  documentInputOf,
  EncryptedDocumentFactError,
  ErasedDocumentFactError,
  MissingDocumentFactError,
  regenerateIssuedDocument,
} from './index';
import {
  changed,
  clientId,
  clientRegistered,
  directory,
  erased,
  escort,
  fact,
  notYetIssued,
  recordIssued,
  reportReceived,
  reporter,
} from './case-facts.fixtures';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const shelter = { name: 'Rumah Singgah Dinas Sosial Kabupaten Tangerang', regionCode: '3603' };

function handedOver(overrides: Record<string, unknown> = {}) {
  return fact(
    'ClientHandedOverToShelter',
    {
      clientId,
      shelter,
      bast: notYetIssued,
      handedOverBy: reporter,
      receivedBy: {
        personId: 'officer-1',
        name: 'Rahmat Hidayat',
        position: 'Pekerja Sosial',
        organisation: shelter.name,
      },
      handedOverAt: '2026-03-02T07:30:00.000Z',
      place: shelter.name,
      belongings: 'Tas ransel biru\nSepasang sandal',
      custodian: { kind: 'shelter', organisation: shelter },
      ...overrides,
    },
    'handover',
  );
}

function shelterCase(handover = handedOver()) {
  return [
    reportReceived(),
    clientRegistered(),
    fact('RequirementsChecked', { requirements: [], complete: true }),
    handover,
  ];
}

describe('the BAST of the handover to the Rumah Singgah, from its events', () => {
  it('says who handed over and received, where, when, what the client brought, and who the client is', () => {
    const facts = shelterCase();
    const { template, input } = documentInputOf(facts, facts[3], directory, 'BAST/0001/3603/2026');
    expect(template).toEqual({ code: 'bast-rumah-singgah', version: 1 });
    expect(input).toEqual({
      office: directory.office('3603'),
      number: 'BAST/0001/3603/2026',
      caseNumber: '3603-2026-000001',
      standard: directory.standard({ code: 'bekasi-layanan-rujukan', version: 1 }),
      handedOverAt: '2026-03-02T07:30:00.000Z',
      place: shelter.name,
      receivingOrganisation: shelter.name,
      handingOver: {
        name: 'Siti Aminah',
        address: 'Kp. Bojong RT 02/03',
        phone: '081234567890',
        relationship: 'warga yang menemukan',
      },
      receiving: { name: 'Rahmat Hidayat', position: 'Pekerja Sosial', organisation: shelter.name },
      client: {
        name: 'Muhammad Yusuf',
        calledName: 'Ucup',
        sex: 'male',
        category: 'neglectedChild',
        nik: '3603011405160001',
        placeOfBirth: 'Tangerang',
        dateOfBirth: '2016-05-14',
        originAddress: 'Kp. Cibadak RT 01/04',
        description: 'Bekas luka di dahi kiri',
      },
      belongings: ['Tas ransel biru', 'Sepasang sandal'],
    });
  });

  it('regenerates byte-identical from the events, in office time', () => {
    const facts = recordIssued(shelterCase(), 'handover', 'BAST/0001/3603/2026');
    const checked = regenerateIssuedDocument(facts, 'handover', directory);
    expect(checked.status).toBe('matches');
    expect(checked.regenerated).toEqual(checked.recorded);
    expect(sha256(checked.html!)).toBe(checked.recorded.sha256);
    expect(checked.html).toContain('pukul 14.30'); // 07:30 UTC is 14:30 WIB
    expect(checked.html).toContain('<li>Sepasang sandal</li>');
  });

  it('is a mismatch when a fact it was rendered from differs', () => {
    const facts = recordIssued(shelterCase(), 'handover', 'BAST/0001/3603/2026');
    const registration = facts[1].eventId;
    const checked = regenerateIssuedDocument(
      changed(facts, registration, (p) => ({ ...p, calledName: 'Yusuf' })),
      'handover',
      directory,
    );
    expect(checked.status).toBe('mismatch');
    expect(checked.regenerated!.sha256).not.toBe(checked.recorded.sha256);
    expect(checked.regenerated!.number).toBe('BAST/0001/3603/2026');
  });

  it('is erased, never a mismatch, when a personal field it prints was erased', () => {
    const facts = recordIssued(shelterCase(), 'handover', 'BAST/0001/3603/2026');
    const withErasedClient = changed(facts, facts[1].eventId, (p) => ({ ...p, name: erased }));
    expect(regenerateIssuedDocument(withErasedClient, 'handover', directory)).toEqual({
      status: 'erased',
      recorded: facts[3].payload.bast,
    });
    const withErasedReporter = changed(facts, 'handover', (p) => ({
      ...p,
      handedOverBy: { ...reporter, name: erased, phone: erased, address: erased },
    }));
    expect(regenerateIssuedDocument(withErasedReporter, 'handover', directory).status).toBe(
      'erased',
    );
    const withErasedBelongings = changed(facts, 'handover', (p) => ({ ...p, belongings: erased }));
    expect(() =>
      documentInputOf(withErasedBelongings, withErasedBelongings[3], directory, 'x'),
    ).toThrow(ErasedDocumentFactError);
  });

  it('describes the client by the latest registration before the handover, never a later one', () => {
    const later = clientRegistered({ name: 'Yusuf Kurniawan' });
    const facts = [...shelterCase(), later];
    const { input } = documentInputOf(facts, facts[3], directory, 'n') as {
      input: { client: { name: string } };
    };
    expect(input.client.name).toBe('Muhammad Yusuf');
    // The facts may stop before the issuing event: it is then the last of them.
    const before = facts.slice(0, 3);
    expect(documentInputOf(before, facts[3], directory, 'n')).toEqual(
      documentInputOf(facts, facts[3], directory, 'n'),
    );
  });

  it('describes an unnamed client as "tidak diketahui" (a document needs a name), by age when no birth date', () => {
    const facts = shelterCase();
    facts[1] = clientRegistered({
      name: undefined,
      calledName: undefined,
      nik: undefined,
      dateOfBirth: undefined,
      placeOfBirth: undefined,
      address: undefined,
      physicalDescription: undefined,
      sex: 'unknown',
      estimatedAgeYears: 8,
    });
    const { input } = documentInputOf(facts, facts[3], directory, 'n') as {
      input: { client: unknown };
    };
    expect(input.client).toEqual({
      calledName: 'tidak diketahui',
      sex: 'unknown',
      category: 'neglectedChild',
      estimatedAgeYears: 8,
    });
  });

  it('takes the place as the shelter when none is recorded, and no belongings when none are', () => {
    const facts = shelterCase(handedOver({ place: undefined, belongings: undefined }));
    const { input } = documentInputOf(facts, facts[3], directory, 'n') as {
      input: { place: string; belongings: string[] };
    };
    expect(input.place).toBe(shelter.name);
    expect(input.belongings).toEqual([]);
  });

  it('says which fact is missing, and refuses facts left encrypted', () => {
    const withoutReport = shelterCase().slice(1);
    expect(() => documentInputOf(withoutReport, withoutReport[2], directory, 'n')).toThrow(
      new MissingDocumentFactError(
        'ClientHandedOverToShelter',
        'the case number (PlacementOpened, ReportReceived or CaseOpened)',
      ),
    );
    const withoutReceiver = shelterCase(handedOver({ receivedBy: undefined }));
    expect(() => documentInputOf(withoutReceiver, withoutReceiver[3], directory, 'n')).toThrow(
      /needs receivedBy in ClientHandedOverToShelter/,
    );
    const encrypted = shelterCase(
      handedOver({ belongings: { keyId: 'k', iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' } }),
    );
    expect(() => documentInputOf(encrypted, encrypted[3], directory, 'n')).toThrow(
      EncryptedDocumentFactError,
    );
  });
});

function referred(overrides: Record<string, unknown> = {}) {
  return fact(
    'CaseReferredToOffice',
    {
      clientId,
      toOfficeCode: '36',
      reason: 'inInstitutionService',
      letter: notYetIssued,
      note: 'Keluarga belum ditemukan.',
      issuedAt: '2026-03-05T02:00:00.000Z',
      signatory: {
        personId: 'signatory-1',
        name: 'Drs. H. Ahmad Fauzi',
        position: 'Kepala Dinas Sosial Kabupaten Tangerang',
        nip: '197003031995031002',
      },
      ...overrides,
    },
    'referral',
  );
}

function referredCase(referral = referred()) {
  return [
    reportReceived(),
    clientRegistered(),
    fact('ClientHandedOverToShelter', { clientId, shelter, handedOverBy: escort }),
    fact('CaseOpened', { caseNumber: '3603-2026-000001', clientId }),
    referral,
  ];
}

describe('the letter referring a client to another office, from its events', () => {
  it('is addressed to the head of the receiving office, with the reason in Indonesian and the signatory recorded', () => {
    const facts = referredCase();
    const { template, input } = documentInputOf(facts, facts[4], directory, 'SR/0001/3603/2026');
    expect(template).toEqual({ code: 'surat-rujukan', version: 1 });
    expect(input).toMatchObject({
      office: directory.office('3603'),
      number: 'SR/0001/3603/2026',
      caseNumber: '3603-2026-000001',
      issuedAt: '2026-03-05T02:00:00.000Z',
      signedIn: 'Kabupaten Tangerang',
      kind: 'office',
      addressee: { name: 'Kepala Dinas Sosial Provinsi Banten', town: 'Provinsi Banten' },
      reason: 'Klien memerlukan pelayanan dalam panti. Keluarga belum ditemukan.',
      signatory: {
        name: 'Drs. H. Ahmad Fauzi',
        position: 'Kepala Dinas Sosial Kabupaten Tangerang',
        idLabel: 'NIP',
        idNumber: '197003031995031002',
      },
    });
  });

  it('regenerates byte-identical; a changed fact is a mismatch; an erased signatory is erased', () => {
    const facts = recordIssued(referredCase(), 'referral', 'SR/0001/3603/2026');
    const checked = regenerateIssuedDocument(facts, 'referral', directory);
    expect(checked.status).toBe('matches');
    expect(sha256(checked.html!)).toBe(checked.recorded.sha256);
    expect(checked.html).toContain('NIP. 197003031995031002');
    expect(checked.html).toContain('Kabupaten Tangerang, 5 Maret 2026');

    const otherDay = changed(facts, 'referral', (p) => ({
      ...p,
      issuedAt: '2026-03-06T02:00:00.000Z',
    }));
    expect(regenerateIssuedDocument(otherDay, 'referral', directory).status).toBe('mismatch');

    const unsigned = changed(facts, 'referral', (p) => ({
      ...p,
      signatory: { personId: 'signatory-1', name: erased, position: 'Kepala', nip: erased },
    }));
    expect(regenerateIssuedDocument(unsigned, 'referral', directory).status).toBe('erased');
  });

  it('cannot be regenerated from a referral recorded without its signatory or date', () => {
    const facts = referredCase(referred({ signatory: undefined }));
    expect(() => documentInputOf(facts, facts[4], directory, 'n')).toThrow(
      /needs signatory in CaseReferredToOffice/,
    );
    const undated = referredCase(referred({ issuedAt: undefined }));
    expect(() => documentInputOf(undated, undated[4], directory, 'n')).toThrow(
      /needs issuedAt in CaseReferredToOffice/,
    );
  });

  it('names a regenerated event that issues no document, or is not among the facts', () => {
    const facts = referredCase();
    expect(() => regenerateIssuedDocument(facts, facts[0].eventId, directory)).toThrow(
      'ReportReceived issues no document',
    );
    expect(() => regenerateIssuedDocument(facts, 'elsewhere', directory)).toThrow(
      'no event elsewhere among the facts given',
    );
  });
});
