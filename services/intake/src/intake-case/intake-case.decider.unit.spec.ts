import { given } from '@dinsos/platform/domain';
import {
  OfficeDirectory,
  bantenOffices,
  bekasiLayananRujukanV1,
  defineServiceStandard,
  serviceStandards,
} from '@dinsos/service-standards';
import { cataloguedEvent } from '@dinsos/platform/domain';
import {
  formatCaseNumber,
  initialIntakeCaseState,
  intakeCaseDecider,
  type IntakeCaseEvent,
  type IntakeCaseState,
  type ReceiveReport,
  type RequirementResult,
} from './intake-case.decider';
import { ids, issuedBast, issuedLetter, reportDetails, sealed, shelter } from '../testing/fixtures';

const decider = intakeCaseDecider(serviceStandards);
const bekasi = { code: 'bekasi-layanan-rujukan', version: 1 };
const banten = { code: 'banten-rehsos-anak-terlantar', version: 1 };

function receive(overrides: Partial<ReceiveReport> = {}): ReceiveReport {
  return {
    type: 'ReceiveReport',
    caseNumber: '3603-2026-000001',
    officeCode: '3603',
    receivedAt: '2026-03-02T09:15:00+07:00',
    clientId: ids.client,
    returningClient: false,
    report: reportDetails(),
    ...overrides,
  };
}

function reportReceived(
  officeCode = '3603',
  caseNumber = `${officeCode}-2026-000001`,
): IntakeCaseEvent {
  return cataloguedEvent('ReportReceived', {
    ...reportDetails(),
    caseNumber,
    receivingOfficeCode: officeCode,
    client: { clientId: ids.client, returning: false },
    serviceStandard: officeCode === '36' ? banten : bekasi,
  });
}

const bekasiRequirementsMet = [
  { code: 'covering-letter', status: 'met' as const },
  { code: 'identity-document', status: 'met' as const },
];
const bantenRequirementsMet = [
  { code: 'referral-letter', status: 'met' as const },
  {
    code: 'identity-document',
    status: 'notApplicable' as const,
    reason: 'Anak tidak membawa identitas',
  },
  { code: 'regency-assessment', status: 'met' as const },
];

const checked = (requirements: RequirementResult[], complete = true) =>
  cataloguedEvent('RequirementsChecked', { requirements, complete });

const handover = {
  type: 'HandOverToShelter' as const,
  shelter,
  handedOverByPersonId: ids.reporter,
  handedOverAt: '2026-03-02T10:00:00+07:00',
  place: shelter.name,
  bast: issuedBast,
};

function openedBekasiCase(): IntakeCaseEvent[] {
  const past: IntakeCaseEvent[] = [reportReceived(), checked(bekasiRequirementsMet)];
  return [
    ...past,
    ...decider.decide(handover, past.reduce(decider.evolve, initialIntakeCaseState())),
  ];
}

describe('intake case: receiving a report', () => {
  it('pins the standard the office runs that day and records case number, office and client', () => {
    given(decider)
      .when(receive())
      .then([
        {
          type: 'ReportReceived',
          payload: {
            ...reportDetails(),
            caseNumber: '3603-2026-000001',
            receivingOfficeCode: '3603',
            client: { clientId: ids.client, returning: false },
            serviceStandard: bekasi,
          },
          subjectIds: [ids.reporter, ids.client, ids.escort].sort(),
        },
      ]);
  });

  it('pins seed 000 at the province office and seed 004 at a regency office', () => {
    const pinned = (officeCode: string) =>
      decider.decide(
        receive({ officeCode, caseNumber: `${officeCode}-2026-000001` }),
        initialIntakeCaseState(),
      )[0].payload;
    expect(pinned('36')).toMatchObject({ serviceStandard: banten, receivingOfficeCode: '36' });
    expect(pinned('3674')).toMatchObject({ serviceStandard: bekasi, receivingOfficeCode: '3674' });
  });

  it('pins by the office date in its own time zone (WIT is already in the new year)', () => {
    const v2 = defineServiceStandard({
      ...structuredClone(bekasiLayananRujukanV1),
      version: 2,
      inForceFrom: '2027-01-01',
    } as Parameters<typeof defineServiceStandard>[0]);
    const catalogue = serviceStandards.with({
      standards: [v2],
      offices: new OfficeDirectory([
        ...bantenOffices,
        {
          code: '91',
          regionName: 'Provinsi Papua',
          officeName: 'Dinas Sosial Provinsi Papua',
          level: 'province',
          timeZone: 'Asia/Jayapura',
        },
      ]),
      assignments: [{ officeCode: '91', standardCode: v2.code, basis: 'test' }],
    });
    const lateOnNewYearsEve = '2026-12-31T15:30:00Z';
    const pinned = (officeCode: string) =>
      intakeCaseDecider(catalogue).decide(
        receive({ officeCode, caseNumber: `${officeCode}-x`, receivedAt: lateOnNewYearsEve }),
        initialIntakeCaseState(),
      )[0].payload;
    expect(pinned('3603')).toMatchObject({ serviceStandard: { version: 1 } }); // 22:30 WIB
    expect(pinned('91')).toMatchObject({ serviceStandard: { version: 2 } }); // 00:30 WIT
  });

  it('refuses a category the pinned standard does not serve', () => {
    const elderlyAtProvince = given(decider)
      .when(
        receive({
          officeCode: '36',
          report: reportDetails({ clientCategory: 'neglectedElderly' }),
        }),
      )
      .thenRefuses('category-not-served');
    expect(elderlyAtProvince.message).toContain('neglectedChild');
    given(decider)
      .when(receive({ report: reportDetails({ clientCategory: 'otherPpks' }) }))
      .thenRefuses('category-not-served');
    // Bekasi's standard serves elderly people and people with disabilities.
    expect(
      decider.decide(
        receive({ report: reportDetails({ clientCategory: 'personWithDisability' }) }),
        initialIntakeCaseState(),
      ),
    ).toHaveLength(1);
  });

  it('asks which standard when the office runs several, and pins the one named', () => {
    const both = intakeCaseDecider(
      serviceStandards.with({
        assignments: [
          { officeCode: '3603', standardCode: 'banten-rehsos-anak-terlantar', basis: 'test' },
        ],
      }),
    );
    const unnamed = given(both).when(receive()).thenRefuses('standard-not-named');
    expect(unnamed.message).toContain('bekasi-layanan-rujukan');
    const [named] = both.decide(
      receive({ standardCode: 'banten-rehsos-anak-terlantar' }),
      initialIntakeCaseState(),
    );
    expect(named.payload).toMatchObject({ serviceStandard: banten });
    given(decider)
      .when(receive({ standardCode: 'banten-rehsos-anak-terlantar' }))
      .thenRefuses('no-standard-in-force');
  });

  it('refuses an unknown office, a day without a standard in force, and a second report', () => {
    given(decider)
      .when(receive({ officeCode: '3699' }))
      .thenRefuses('unknown-office');
    given(decider)
      .when(receive({ receivedAt: '2021-06-01T09:00:00+07:00' }))
      .thenRefuses('no-standard-in-force');
    given(decider, [reportReceived()]).when(receive()).thenRefuses('case-already-received');
  });

  describe('from a referral of another office', () => {
    const referringCase = (referredTo: string[]): IntakeCaseState => ({
      ...initialIntakeCaseState(),
      status: 'open',
      clientId: ids.client,
      referrals: referredTo.map((toOfficeCode) => ({
        toOfficeCode,
        reason: 'inInstitutionService',
        letterNumber: 'SR/0001/3603/2026',
      })),
    });
    const fromReferral = (
      state: IntakeCaseState,
      extra: Partial<NonNullable<ReceiveReport['referral']>> = {},
    ) =>
      receive({
        officeCode: '36',
        caseNumber: '36-2026-000007',
        referral: { caseId: '3603-2026-000001', referringCase: state, ...extra },
      });

    it('opens a new case linked by referredFromCaseId, on the same client, pinned to its own standard', () => {
      const [event] = decider.decide(fromReferral(referringCase(['36'])), initialIntakeCaseState());
      expect(event.payload).toMatchObject({
        referredFromCaseId: '3603-2026-000001',
        client: { clientId: ids.client, returning: false },
        serviceStandard: banten,
      });
    });

    it('refuses a case that was not referred here, a referral taken in twice, another client', () => {
      given(decider)
        .when(fromReferral(referringCase(['3601'])))
        .thenRefuses('referral-not-found');
      given(decider).when(fromReferral(initialIntakeCaseState())).thenRefuses('referral-not-found');
      given(decider)
        .when(fromReferral(referringCase(['36']), { alreadyReceivedAs: '36-2026-000003' }))
        .thenRefuses('referral-already-received');
      given(decider)
        .when({ ...fromReferral(referringCase(['36'])), clientId: ids.otherClient })
        .thenRefuses('referral-client-mismatch');
    });
  });
});

describe('intake case: requirements check', () => {
  it('needs a received report', () => {
    given(decider)
      .when({ type: 'CheckRequirements', results: bekasiRequirementsMet })
      .thenRefuses('case-not-received');
  });

  it('records each requirement of the pinned standard, in its order', () => {
    given(decider, [reportReceived()])
      .when({ type: 'CheckRequirements', results: [...bekasiRequirementsMet].reverse() })
      .then([checked(bekasiRequirementsMet)]);
  });

  it('holds an incomplete case (mandatory requirement missing) and completes it later', () => {
    const incomplete = [
      { code: 'covering-letter', status: 'missing' as const, reason: 'Surat pengantar menyusul' },
      { code: 'identity-document', status: 'met' as const },
    ];
    given(decider, [reportReceived()])
      .when({ type: 'CheckRequirements', results: incomplete })
      .then([checked(incomplete, false)]);
    const held = given(decider, [reportReceived(), checked(incomplete, false)]);
    expect(held.state()).toMatchObject({ status: 'received', requirements: { complete: false } });
    held
      .when({ type: 'CheckRequirements', results: bekasiRequirementsMet })
      .then([checked(bekasiRequirementsMet)]);
  });

  it('counts a missing optional requirement ("jika ada") as complete', () => {
    const noIdentity = [
      { code: 'covering-letter', status: 'met' as const },
      { code: 'identity-document', status: 'missing' as const },
    ];
    given(decider, [reportReceived()])
      .when({ type: 'CheckRequirements', results: noIdentity })
      .then([checked(noIdentity, true)]);
  });

  it('refuses unknown, repeated and unchecked requirements', () => {
    const past = [reportReceived()];
    given(decider, past)
      .when({
        type: 'CheckRequirements',
        results: [...bekasiRequirementsMet, { code: 'regency-assessment', status: 'met' }],
      })
      .thenRefuses('unknown-requirement');
    given(decider, past)
      .when({
        type: 'CheckRequirements',
        results: [...bekasiRequirementsMet, { code: 'covering-letter', status: 'met' }],
      })
      .thenRefuses('requirement-checked-twice');
    const unchecked = given(decider, past)
      .when({ type: 'CheckRequirements', results: [bekasiRequirementsMet[0]] })
      .thenRefuses('requirement-not-checked');
    expect(unchecked.details).toEqual({ unchecked: ['identity-document'] });
  });

  it('opens the case under seed 000 once complete, with the provincial service as custodian', () => {
    given(decider, [reportReceived('36')])
      .when({ type: 'CheckRequirements', results: bantenRequirementsMet })
      .then([
        checked(bantenRequirementsMet),
        cataloguedEvent('CaseOpened', {
          caseNumber: '36-2026-000001',
          clientId: ids.client,
          clientCategory: 'neglectedChild',
          owningOfficeCode: '36',
          serviceStandard: banten,
          custodian: { kind: 'office', officeCode: '36' },
        }),
      ]);
  });

  it('does not open a case under seed 004 before the shelter handover', () => {
    const decided = decider.decide(
      { type: 'CheckRequirements', results: bekasiRequirementsMet },
      decider.evolve(initialIntakeCaseState(), reportReceived()),
    );
    expect(decided.map((event) => event.type)).toEqual(['RequirementsChecked']);
  });

  it('refuses a second check once complete', () => {
    given(decider, [reportReceived(), checked(bekasiRequirementsMet)])
      .when({ type: 'CheckRequirements', results: bekasiRequirementsMet })
      .thenRefuses('requirements-already-complete');
  });
});

describe('intake case: handover to the shelter (seed 004)', () => {
  it('records the BAST and opens the case with the shelter as first custodian', () => {
    const past = [reportReceived(), checked(bekasiRequirementsMet)];
    const state = given(decider, past).state();
    given(decider, past)
      .when({ ...handover, belongings: sealed(ids.client, 'belongings') })
      .then([
        cataloguedEvent('ClientHandedOverToShelter', {
          clientId: ids.client,
          shelter,
          bast: issuedBast,
          handedOverBy: state.reporter!,
          handedOverAt: handover.handedOverAt,
          place: shelter.name,
          belongings: sealed(ids.client, 'belongings'),
          custodian: { kind: 'shelter', organisation: shelter },
        }),
        cataloguedEvent('CaseOpened', {
          caseNumber: '3603-2026-000001',
          clientId: ids.client,
          clientCategory: 'neglectedChild',
          owningOfficeCode: '3603',
          serviceStandard: bekasi,
          custodian: { kind: 'shelter', organisation: shelter },
        }),
      ]);
  });

  it('may be handed over by an escort', () => {
    const [event] = decider.decide(
      { ...handover, handedOverByPersonId: ids.escort },
      [reportReceived(), checked(bekasiRequirementsMet)].reduce(
        decider.evolve,
        initialIntakeCaseState(),
      ),
    );
    expect(event.payload).toMatchObject({ handedOverBy: { personId: ids.escort } });
    expect(event.subjectIds).toEqual([ids.client, ids.escort].sort());
  });

  it('comes after a complete requirements check', () => {
    const refusal = given(decider, [reportReceived()])
      .when(handover)
      .thenRefuses('requirements-incomplete');
    expect(refusal.message).toContain('checks the required documents');
    given(decider, [
      reportReceived(),
      checked(
        [{ code: 'covering-letter', status: 'missing' }, bekasiRequirementsMet[1]] as never,
        false,
      ),
    ])
      .when(handover)
      .thenRefuses('requirements-incomplete');
  });

  it('is not a step of seed 000', () => {
    given(decider, [reportReceived('36')])
      .when(handover)
      .thenRefuses('handover-not-in-standard');
  });

  it('refuses someone who is neither reporter nor escort, and a second handover', () => {
    given(decider, [reportReceived(), checked(bekasiRequirementsMet)])
      .when({ ...handover, handedOverByPersonId: ids.otherClient })
      .thenRefuses('unknown-handing-over-person');
    given(decider, openedBekasiCase()).when(handover).thenRefuses('already-handed-over');
  });
});

describe('intake case: moving between offices', () => {
  const transfer = {
    type: 'TransferCase' as const,
    toOfficeCode: '36',
    reason: 'Ditangani provinsi',
  };

  it('transfers an open case to another office, same standard; the sender keeps a read grant', () => {
    const past = openedBekasiCase();
    given(decider, past)
      .when(transfer)
      .then([
        cataloguedEvent('CaseTransferred', {
          fromOfficeCode: '3603',
          toOfficeCode: '36',
          serviceStandard: bekasi,
          reason: 'Ditangani provinsi',
        }),
      ]);
    const after = given(decider, [
      ...past,
      ...decider.decide(transfer, given(decider, past).state()),
    ]).state();
    expect(after).toMatchObject({
      owningOfficeCode: '36',
      readGrantOfficeCodes: ['3603'],
      standard: bekasi,
    });
    // Back to the first office: it owns again and needs no grant; the province keeps one.
    const back = decider.evolve(
      after,
      cataloguedEvent('CaseTransferred', {
        fromOfficeCode: '36',
        toOfficeCode: '3603',
        serviceStandard: bekasi,
        reason: 'Kembali',
      }),
    );
    expect(back).toMatchObject({ owningOfficeCode: '3603', readGrantOfficeCodes: ['36'] });
  });

  it('refuses to transfer a case that is not open, to its own office or an unknown one', () => {
    given(decider, [reportReceived()]).when(transfer).thenRefuses('case-not-open');
    given(decider, openedBekasiCase())
      .when({ ...transfer, toOfficeCode: '3603' })
      .thenRefuses('transfer-to-same-office');
    given(decider, openedBekasiCase())
      .when({ ...transfer, toOfficeCode: '3699' })
      .thenRefuses('unknown-office');
  });

  const signatory = {
    personId: 'd4e5f6a7-0000-4000-8000-000000000002',
    name: sealed('d4e5f6a7-0000-4000-8000-000000000002', 'name'),
    position: 'Kepala Dinas Sosial Kabupaten Tangerang',
  };
  const refer = {
    type: 'ReferCase' as const,
    toOfficeCode: '36',
    reason: 'inInstitutionService' as const,
    referredAt: '2026-03-05T09:00:00+07:00',
    signatory,
    letter: issuedLetter,
  };

  it('refers the client to an office that runs another standard (regency → province)', () => {
    given(decider, openedBekasiCase())
      .when({ ...refer, note: 'Perlu pelayanan dalam panti' })
      .then([
        // The letter's date and signatory are recorded: it regenerates from its event alone.
        cataloguedEvent('CaseReferredToOffice', {
          clientId: ids.client,
          toOfficeCode: '36',
          reason: 'inInstitutionService',
          letter: issuedLetter,
          note: 'Perlu pelayanan dalam panti',
          issuedAt: '2026-03-05T09:00:00+07:00',
          signatory,
        }),
      ]);
  });

  it("names the letter's signatory among the referral's data subjects", () => {
    const [event] = decider.decide(refer, given(decider, openedBekasiCase()).state());
    expect(event!.subjectIds).toContain(signatory.personId);
  });

  it('refuses a referral to an office of the same standard (a transfer), twice, or before opening', () => {
    const sameStandard = given(decider, openedBekasiCase())
      .when({ ...refer, toOfficeCode: '3601' })
      .thenRefuses('referral-to-same-standard');
    expect(sameStandard.message).toContain('transfer');
    const past = [
      ...openedBekasiCase(),
      ...decider.decide(refer, given(decider, openedBekasiCase()).state()),
    ];
    given(decider, past).when(refer).thenRefuses('already-referred');
    given(decider, [reportReceived()]).when(refer).thenRefuses('case-not-open');
    given(decider, openedBekasiCase())
      .when({ ...refer, toOfficeCode: '3603' })
      .thenRefuses('referral-to-same-office');
  });

  it('refuses a referral to an office that runs no standard on that day', () => {
    given(decider, openedBekasiCase())
      .when({ ...refer, referredAt: '2023-06-01T09:00:00+07:00' }) // seed 000 is in force from 2024
      .thenRefuses('no-standard-in-force');
  });
});

describe('case numbers', () => {
  it('are <office>-<year>-<six digits>', () => {
    expect(formatCaseNumber('3603', 2026, 123)).toBe('3603-2026-000123');
    expect(formatCaseNumber('36', 2027, 1_234_567)).toBe('36-2027-1234567');
    expect(() => formatCaseNumber('3603', 2026, 0)).toThrow(RangeError);
  });
});
