import { examples } from '@dinsos/contracts';
import { UncataloguedEventError, cataloguedEvent, given } from '@dinsos/platform/domain';
import {
  currentCustodian,
  custodianAt,
  placementDecider,
  placementStreamId,
  type LedgerCustodian,
  type PlacementCommand,
  type PlacementEvent,
} from './placement.decider';

// ---- builders ---------------------------------------------------------------------------------

type Command<T extends PlacementCommand['type']> = Extract<PlacementCommand, { type: T }>;
type Organisation = { code?: string; name: string; regionCode?: string };

const clientId = examples.exampleIds.clientId;
const motherId = '5b1f3c2e-8d4a-4f6b-9c1e-2a3b4c5d6e7f';
const uncleId = '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b';
const officerPersonId = '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f';
const witnessId = '2d3e4f5a-6b7c-4d8e-9f0a-1b2c3d4e5f6a';
const lksStaffId = '3e4f5a6b-7c8d-4e9f-8a1b-2c3d4e5f6a7b';
const signatoryId = '4f5a6b7c-8d9e-4f0a-9b2c-3d4e5f6a7b8c';
const sealed = (label: string, subjectId: string = clientId) =>
  examples.exampleEncryptedField(`key-${subjectId}`, label);
const person = (personId: string, label: string, relationship?: string) => ({
  personId,
  name: sealed(`${label} name`, personId),
  ...(relationship !== undefined ? { relationship } : {}),
});
const mother = person(motherId, 'mother', 'mother');
const uncle = person(uncleId, 'uncle', 'uncle');
const officer = { ...person(officerPersonId, 'officer'), organisation: 'Dinas Sosial Kab. Bekasi' };
const witness = person(witnessId, 'witness', 'neighbour');
const signatory = { ...person(signatoryId, 'signatory'), position: 'Kepala Dinas Sosial' };
const issuedDocument = (number: string) => ({
  number,
  templateCode: 'placement-letter',
  templateVersion: 1,
  sha256: 'ab'.repeat(32),
});
const letter = (number: string) => ({
  issuedAt: '2026-03-04T09:00:00+07:00',
  signatory,
  letter: issuedDocument(number),
});

const siti = 'officer-siti';
const budi = 'officer-budi';
const bekasi = { code: 'bekasi-layanan-rujukan', version: 1 };
const banten = { code: 'banten-rehsos-anak-terlantar', version: 1 };
/** Seed 004 (Bekasi): the service ends with the return home or the handover to an LKS. */
const closesOn004 = ['ClientReturnedHome', 'ClientHandedOverToLks'];
/** Seed 000 (Banten): also with the discharge from the panti. */
const closesOn000 = ['ClientReturnedHome', 'DischargedFromInstitution', 'ClientHandedOverToLks'];

const shelterOrg: Organisation = { name: 'Rumah Singgah Dinas Sosial Kabupaten Bekasi' };
const shelter: LedgerCustodian = { kind: 'shelter', organisation: shelterOrg };
const puskesmas: Organisation = { code: 'P3216010201', name: 'Puskesmas Cikarang' };
const rsud: Organisation = { name: 'RSUD Kabupaten Bekasi', regionCode: '32.16' };
const panti: Organisation = { code: 'UPTD-PSA-36', name: 'UPTD Panti Sosial Anak Banten' };
const otherPanti: Organisation = { name: 'Panti Sosial Bina Remaja Serang' };
const lksOrg: Organisation = { code: 'LKSA-3216-007', name: 'LKSA Harapan Bangsa' };
const family: LedgerCustodian = { kind: 'family', personIds: [motherId] };
const atHealth = (organisation: Organisation): LedgerCustodian => ({
  kind: 'healthFacility',
  organisation,
});
const inInstitution = (organisation: Organisation): LedgerCustodian => ({
  kind: 'institution',
  organisation,
});
const atLks: LedgerCustodian = { kind: 'lks', organisation: lksOrg };

const openedAt = '2026-03-02T10:00:00+07:00';
const open: Command<'OpenPlacement'> = {
  type: 'OpenPlacement',
  openedAt,
  firstCustodian: shelter,
  clientId,
  caseNumber: '3216-2026-000042',
  clientCategory: 'neglectedChild',
  owningOfficeCode: '3216',
  serviceStandard: bekasi,
  closesOn: closesOn004,
  reviewIntervalMonths: 3,
  atRiskDays: 30,
};
const { type: _open, openedAt: _at, firstCustodian: _first, ...openedPayload } = open;
const opened = cataloguedEvent('PlacementOpened', openedPayload);
/** Seed 000's standard: a panti on consent, a year's service, the discharge closes the case. */
const openedUnder000 = cataloguedEvent('PlacementOpened', {
  ...openedPayload,
  owningOfficeCode: '36',
  serviceStandard: banten,
  closesOn: closesOn000,
});
const firstCustody = cataloguedEvent('CustodyRecorded', {
  clientId,
  since: openedAt,
  custodian: shelter,
  recordedFrom: 'CaseOpened',
});
/** Open under seed 004, the client in the shelter since the opening. */
const openCase: PlacementEvent[] = [opened, firstCustody];
const openCase000: PlacementEvent[] = [openedUnder000, firstCustody];

/** Bekasi's whole service: 7 days. */
const clockStarted = cataloguedEvent('ServiceClockStarted', {
  clock: 'layanan-rujukan',
  startedBy: 'ReportReceived',
  startedAt: '2026-03-02T08:00:00+07:00',
  startDate: '2026-03-02',
  dueDate: '2026-03-10',
  dueAt: '2026-03-10T23:59:59+07:00',
});
/** Banten's whole service: one year. */
const yearClockStarted = cataloguedEvent('ServiceClockStarted', {
  clock: 'rehsos-satu-tahun',
  startedBy: 'ReportReceived',
  startedAt: '2026-03-02T08:00:00+07:00',
  startDate: '2026-03-02',
  dueDate: '2027-03-01',
  dueAt: '2027-03-01T23:59:59+07:00',
});
const clockOf = (
  started: typeof clockStarted,
  outcome: 'met' | 'breached',
): {
  code: string;
  startedAt: string;
  dueDate: string;
  dueAt: string;
  outcome: typeof outcome;
} => ({
  code: started.payload.clock,
  startedAt: started.payload.startedAt,
  dueDate: started.payload.dueDate,
  dueAt: started.payload.dueAt,
  outcome,
});
const closed = (closedBy: string, closedAt: string, clock?: ReturnType<typeof clockOf>) =>
  cataloguedEvent('CaseClosed', {
    clientId,
    closedBy,
    closedAt,
    ...(clock ? { clock } : {}),
  });

const recommended = (recommendation: Command<'NoteRecommendation'>['recommendation']) =>
  cataloguedEvent('RecommendationReceived', { clientId, recommendation });
const familyFoundPayload = {
  clientId,
  outcome: 'familyFound' as const,
  familyMembers: [mother],
  relation: 'mother',
  familyAddress: sealed('family address'),
};
const familyFoundNoted = cataloguedEvent('TracingOutcomeReceived', familyFoundPayload);
const familyNotFoundNoted = cataloguedEvent('TracingOutcomeReceived', {
  clientId,
  outcome: 'familyNotFound',
  familyMembers: [],
});

const safetyFields = (
  safetyAssessmentId: string,
  outcome: 'safe' | 'safeWithConditions' | 'unsafe' = 'safe',
) => ({
  safetyAssessmentId,
  familyPersonIds: [motherId],
  outcome,
  assessedOn: '2026-03-05',
  findings: sealed(`findings ${safetyAssessmentId}`),
});
const assessed = (
  safetyAssessmentId: string,
  outcome: 'safe' | 'safeWithConditions' | 'unsafe' = 'safe',
) =>
  cataloguedEvent('FamilySafetyAssessed', {
    clientId,
    ...safetyFields(safetyAssessmentId, outcome),
  });

const arrangeFields = (safetyAssessmentId = 'safety-1') => ({
  receivingFamily: [mother],
  destination: sealed('destination'),
  plannedAt: '2026-03-09T08:00:00+07:00',
  escorts: [officer],
  safetyAssessmentId,
  childView: sealed('childView going home'),
});
const arrange = (safetyAssessmentId = 'safety-1'): Command<'ArrangeReturnHome'> => ({
  type: 'ArrangeReturnHome',
  ...arrangeFields(safetyAssessmentId),
});
const arranged = cataloguedEvent('ReturnHomeArranged', { clientId, ...arrangeFields() });
/** Family found, assessed safe, the return arranged. */
const readyToGoHome: PlacementEvent[] = [
  ...openCase,
  familyFoundNoted,
  assessed('safety-1'),
  arranged,
];

const returnFields = (returnedAt: string) => ({
  returnedAt,
  place: sealed('handed over at'),
  officer,
  receivedBy: [mother],
  witnesses: [witness],
  beritaAcaraPemulangan: issuedDocument('BAP/001/III/2026'),
});
const returnHome = (returnedAt = '2026-03-09T10:00:00+07:00'): Command<'RecordReturnHome'> => ({
  type: 'RecordReturnHome',
  ...returnFields(returnedAt),
});
const returnedHome = (
  returnedAt = '2026-03-09T10:00:00+07:00',
  previousCustodian: LedgerCustodian = shelter,
) =>
  cataloguedEvent('ClientReturnedHome', {
    clientId,
    ...returnFields(returnedAt),
    previousCustodian,
    custodian: family,
  });

const healthReferralFields = (referralId: string, facility: Organisation) => ({
  referralId,
  facility,
  reason: sealed(`health ${referralId}`),
  ...letter(`RUJ/${referralId}`),
});
const issueHealthReferral = (
  referralId = 'ref-1',
  facility = puskesmas,
): Command<'IssueHealthReferral'> => ({
  type: 'IssueHealthReferral',
  ...healthReferralFields(referralId, facility),
});
const healthReferralIssued = (referralId = 'ref-1', facility = puskesmas) =>
  cataloguedEvent('HealthReferralIssued', {
    clientId,
    ...healthReferralFields(referralId, facility),
  });
const admitToHealth = (
  referralId = 'ref-1',
  admittedAt = '2026-03-04T11:00:00+07:00',
): Command<'AdmitToHealthFacility'> => ({ type: 'AdmitToHealthFacility', referralId, admittedAt });
const admittedToHealth = (
  referralId = 'ref-1',
  facility = puskesmas,
  admittedAt = '2026-03-04T11:00:00+07:00',
  previousCustodian: LedgerCustodian = shelter,
) =>
  cataloguedEvent('AdmittedToHealthFacility', {
    clientId,
    referralId,
    facility,
    admittedAt,
    previousCustodian,
    custodian: atHealth(facility),
  });
const leftHealth = (
  how: 'returned' | 'discharged',
  custodian: LedgerCustodian,
  referralId = 'ref-1',
  facility = puskesmas,
  leftAt = '2026-03-06T15:00:00+07:00',
) =>
  cataloguedEvent('ClientLeftHealthFacility', {
    clientId,
    referralId,
    facility,
    leftAt,
    how,
    previousCustodian: atHealth(facility),
    custodian,
  });
/** In the Puskesmas since 4 March, on referral ref-1. */
const inPuskesmas: PlacementEvent[] = [...openCase, healthReferralIssued(), admittedToHealth()];

type GiverRole = Command<'RecordConsent'>['giverRole'];
const consentFields = (consentId: string, giverRole: GiverRole = 'family', reason?: string) => ({
  consentId,
  givenBy: mother,
  giverRole,
  purpose: 'institutionCare' as const,
  letterDate: '2026-03-05',
  letterScan: sealed(`consent scan ${consentId}`),
  ...(reason !== undefined ? { noFamilyConsentReason: reason } : {}),
});
const recordConsent = (
  consentId = 'consent-1',
  giverRole: GiverRole = 'family',
  reason?: string,
): Command<'RecordConsent'> => ({
  type: 'RecordConsent',
  ...consentFields(consentId, giverRole, reason),
});
const consentRecorded = (
  consentId = 'consent-1',
  giverRole: GiverRole = 'family',
  reason?: string,
) =>
  cataloguedEvent('ConsentRecorded', { clientId, ...consentFields(consentId, giverRole, reason) });

const institutionReferralFields = (institution = panti, consentId = 'consent-1') => ({
  institution,
  consentId,
  ...letter('RUJ/PANTI/001'),
});
const issueInstitutionReferral = (
  consentId = 'consent-1',
  institution = panti,
): Command<'IssueInstitutionReferral'> => ({
  type: 'IssueInstitutionReferral',
  ...institutionReferralFields(institution, consentId),
});
const institutionReferred = (institution = panti, consentId = 'consent-1') =>
  cataloguedEvent('InstitutionReferralIssued', {
    clientId,
    ...institutionReferralFields(institution, consentId),
  });
const admittedAt = '2026-03-06T10:00:00+07:00';
const admitToInstitution = (at = admittedAt): Command<'AdmitToInstitution'> => ({
  type: 'AdmitToInstitution',
  admittedAt: at,
  firstReviewDueOn: '2026-06-06',
});
const admittedToInstitution = (
  stayLimitDate?: string,
  previousCustodian: LedgerCustodian = shelter,
  institution = panti,
) =>
  cataloguedEvent('AdmittedToInstitution', {
    clientId,
    institution,
    admittedAt,
    firstReviewDueOn: '2026-06-06',
    ...(stayLimitDate !== undefined ? { stayLimitDate } : {}),
    previousCustodian,
    custodian: inInstitution(institution),
  });
/** Under seed 000, with its year's clock: consent, referral and admission to the panti. */
const inPanti: PlacementEvent[] = [
  ...openCase000,
  yearClockStarted,
  familyFoundNoted,
  consentRecorded(),
  institutionReferred(),
  admittedToInstitution('2027-03-01'),
];
const dischargedAt = '2026-09-01T10:00:00+07:00';
const discharge = (
  destination: Command<'Discharge'>['destination'],
  custodian: LedgerCustodian,
  at = dischargedAt,
): Command<'Discharge'> => ({ type: 'Discharge', dischargedAt: at, destination, custodian });
const discharged = (
  destination: Command<'Discharge'>['destination'],
  custodian: LedgerCustodian,
  institution = panti,
) =>
  cataloguedEvent('DischargedFromInstitution', {
    clientId,
    institution,
    dischargedAt,
    destination,
    previousCustodian: inInstitution(institution),
    custodian,
  });

const lksReferralFields = { lks: lksOrg, ...letter('RUJ/LKS/001') };
const makeLksReferral: Command<'MakeLksReferral'> = {
  type: 'MakeLksReferral',
  ...lksReferralFields,
};
const lksReferred = cataloguedEvent('LksReferralMade', { clientId, ...lksReferralFields });
const handOverFields = (handedOverAt: string) => ({
  handedOverAt,
  place: 'Kantor Dinas Sosial Kabupaten Bekasi',
  handedOverBy: officer,
  receivedBy: { ...person(lksStaffId, 'lks staff'), organisation: lksOrg.name },
  witnesses: [witness],
  belongings: [sealed('a backpack'), sealed('school uniform')],
  bast: issuedDocument('BAST/007/III/2026'),
});
const handOverToLks = (handedOverAt = '2026-03-08T13:00:00+07:00'): Command<'HandOverToLks'> => ({
  type: 'HandOverToLks',
  ...handOverFields(handedOverAt),
});
const handedOverToLks = (
  handedOverAt = '2026-03-08T13:00:00+07:00',
  previousCustodian: LedgerCustodian = shelter,
) =>
  cataloguedEvent('ClientHandedOverToLks', {
    clientId,
    lks: lksOrg,
    ...handOverFields(handedOverAt),
    previousCustodian,
    custodian: atLks,
  });

const assign = (officerId: string, reason?: string): Command<'AssignOfficer'> => ({
  type: 'AssignOfficer',
  officerId,
  how: 'assignedBySupervisor',
  ...(reason !== undefined ? { reason } : {}),
});
const assigned = (officerId: string, previous?: { id: string; reason: string }) =>
  cataloguedEvent('PlacementOfficerAssigned', {
    officerId,
    how: 'assignedBySupervisor',
    ...(previous ? { previousOfficerId: previous.id, reason: previous.reason } : {}),
  });

const fromIntake = (
  custodian: LedgerCustodian,
  since: string,
): Command<'RecordCustodyFromIntake'> => ({
  type: 'RecordCustodyFromIntake',
  clientId,
  custodian,
  since,
  recordedFrom: 'ClientHandedOverToShelter',
});

// ---- specs ------------------------------------------------------------------------------------

describe('opening the placement', () => {
  it('lives in the stream placement-<caseId>', () => {
    expect(placementStreamId('3216-2026-000042')).toBe('placement-3216-2026-000042');
  });

  it("opens on intake's CaseOpened and enters its first custodian in the ledger", () => {
    const [event, custody] = given(placementDecider).when(open).then([opened, firstCustody]);
    expect(event.subjectIds).toEqual([clientId]);
    expect(custody.payload).not.toHaveProperty('previousCustodian');
  });

  it('opens once, however often intake announces the case', () => {
    given(placementDecider, openCase).when(open).thenNothingHappens();
  });

  it("starts no second ledger when intake's handover to the shelter arrived first", () => {
    const handedOver = cataloguedEvent('CustodyRecorded', {
      clientId,
      since: '2026-03-02T09:00:00+07:00',
      custodian: shelter,
      recordedFrom: 'ClientHandedOverToShelter',
    });
    given(placementDecider, [handedOver]).when(open).then([opened]);
  });

  it("notes a returning client's latest registration (from an earlier case) with the opening, unless an identity is noted already", () => {
    const registration = { ...examples.exampleClientRegistered(), clientId };
    const noted = cataloguedEvent('ClientIdentityNoted', registration);
    const returning: Command<'OpenPlacement'> = { ...open, identity: registration };
    given(placementDecider).when(returning).then([opened, firstCustody, noted]);
    expect(given(placementDecider, [opened, firstCustody, noted]).state().identity).toEqual(
      registration,
    );
    // The case's own ClientRegistered reached placement first: it stays the identity noted.
    const own = { ...registration, identityStatus: 'partlyKnown' as const, name: sealed('name') };
    given(placementDecider, [cataloguedEvent('ClientIdentityNoted', own)])
      .when(returning)
      .then([opened, firstCustody]);
    // Another client's registration is never this case's identity.
    given(placementDecider)
      .when({ ...open, identity: { ...registration, clientId: 'another-client' } })
      .then([opened, firstCustody]);
    // Reopening asks nothing, identity or not; a later registration is noted as before.
    given(placementDecider, [opened, firstCustody, noted]).when(returning).thenNothingHappens();
    given(placementDecider, [opened, firstCustody, noted])
      .when({ type: 'NoteClientIdentity', ...own })
      .then([cataloguedEvent('ClientIdentityNoted', own)]);
  });

  it("remembers the case, the owning office and the pinned standard's placement policy", () => {
    expect(given(placementDecider, openCase).state()).toEqual({
      status: 'open',
      clientId,
      caseNumber: '3216-2026-000042',
      clientCategory: 'neglectedChild',
      officeCode: '3216',
      serviceStandard: bekasi,
      closesOn: closesOn004,
      reviewIntervalMonths: 3,
      atRiskDays: 30,
      transfers: [],
      identityNoted: false,
      familyPersonIds: [],
      custody: [{ custodian: shelter, since: openedAt, openedBy: 'CustodyRecorded' }],
      safetyAssessments: {},
      healthReferrals: {},
      consents: {},
    });
  });

  it('decides only what the contracts accept', () => {
    expect(() =>
      given(placementDecider)
        .when({ ...open, caseNumber: '' })
        .then([]),
    ).toThrow(UncataloguedEventError);
  });
});

describe('facts from other services, in any order, once each', () => {
  const transfer: Command<'RecordTransfer'> = {
    type: 'RecordTransfer',
    fromOfficeCode: '3216',
    toOfficeCode: '32',
  };
  const transferred = (previousOfficerId?: string) =>
    cataloguedEvent('PlacementTransferred', {
      fromOfficeCode: '3216',
      toOfficeCode: '32',
      ...(previousOfficerId ? { previousOfficerId } : {}),
    });

  it('records a transfer that arrives before the opening, and the transferred office wins', () => {
    given(placementDecider).when(transfer).then([transferred()]);
    const state = given(placementDecider, [transferred(), ...openCase]).state();
    expect(state.status).toBe('open');
    expect(state.officeCode).toBe('32');
  });

  it('clears the officer on a transfer, and records the same transfer once', () => {
    given(placementDecider, [...openCase, assigned(siti)])
      .when(transfer)
      .then([transferred(siti)]);
    const state = given(placementDecider, [...openCase, assigned(siti), transferred(siti)]).state();
    expect('officerId' in state).toBe(false);
    given(placementDecider, [...openCase, transferred()])
      .when(transfer)
      .thenNothingHappens();
  });

  it("records the whole service's clock once, before or after the opening", () => {
    const start: Command<'RecordClockStart'> = {
      type: 'RecordClockStart',
      ...clockStarted.payload,
    };
    given(placementDecider).when(start).then([clockStarted]);
    given(placementDecider, openCase).when(start).then([clockStarted]);
    given(placementDecider, [clockStarted, ...openCase])
      .when(start)
      .thenNothingHappens();
    expect(given(placementDecider, [clockStarted, ...openCase]).state().clock).toEqual({
      clock: 'layanan-rujukan',
      startedAt: '2026-03-02T08:00:00+07:00',
      startDate: '2026-03-02',
      dueDate: '2026-03-10',
      dueAt: '2026-03-10T23:59:59+07:00',
    });
  });

  it("notes the client's identity whenever it changes, and nothing when it is the same", () => {
    const identity = examples.exampleClientRegistered();
    const note: Command<'NoteClientIdentity'> = { type: 'NoteClientIdentity', ...identity };
    const noted = cataloguedEvent('ClientIdentityNoted', identity);
    given(placementDecider).when(note).then([noted]);
    given(placementDecider, [noted, ...openCase])
      .when(note)
      .thenNothingHappens();
    const named = { ...identity, identityStatus: 'partlyKnown' as const, name: sealed('name') };
    given(placementDecider, [noted, ...openCase])
      .when({ type: 'NoteClientIdentity', ...named })
      .then([cataloguedEvent('ClientIdentityNoted', named)]);
    expect(given(placementDecider, [noted]).state().identityNoted).toBe(true);
  });

  it("notes assessment's recommendation, once each", () => {
    const note: Command<'NoteRecommendation'> = {
      type: 'NoteRecommendation',
      clientId,
      recommendation: 'traceFamily',
    };
    given(placementDecider)
      .when(note)
      .then([recommended('traceFamily')]);
    given(placementDecider, [recommended('traceFamily')])
      .when(note)
      .thenNothingHappens();
    given(placementDecider, [...openCase, recommended('traceFamily')])
      .when({ ...note, recommendation: 'returnHome' })
      .then([recommended('returnHome')]);
  });

  it("notes tracing's outcome once, with the family's person ids for the return home", () => {
    const note: Command<'NoteTracingOutcome'> = {
      type: 'NoteTracingOutcome',
      ...familyFoundPayload,
    };
    given(placementDecider).when(note).then([familyFoundNoted]);
    given(placementDecider, [familyFoundNoted, ...openCase])
      .when(note)
      .thenNothingHappens();
    const state = given(placementDecider, [familyFoundNoted, ...openCase]).state();
    expect(state.tracingOutcome).toBe('familyFound');
    expect(state.familyPersonIds).toEqual([motherId]);
    given(placementDecider, [...openCase, familyFoundNoted])
      .when({ ...note, familyMembers: [mother, uncle] })
      .then([
        cataloguedEvent('TracingOutcomeReceived', {
          ...familyFoundPayload,
          familyMembers: [mother, uncle],
        }),
      ]);
  });

  it("enters intake's handover to the shelter as the first custody when the ledger is empty", () => {
    const [event] = given(placementDecider)
      .when(fromIntake(shelter, '2026-03-02T09:00:00+07:00'))
      .then([
        cataloguedEvent('CustodyRecorded', {
          clientId,
          since: '2026-03-02T09:00:00+07:00',
          custodian: shelter,
          recordedFrom: 'ClientHandedOverToShelter',
        }),
      ]);
    expect(event.payload).not.toHaveProperty('previousCustodian');
  });

  it("records nothing when intake's move names the custodian the ledger already has", () => {
    given(placementDecider, openCase)
      .when(fromIntake({ kind: 'shelter', organisation: { ...shelterOrg } }, openedAt))
      .thenNothingHappens();
  });

  it('enters a later move intake made, closing the current custody', () => {
    const otherShelter: LedgerCustodian = {
      kind: 'shelter',
      organisation: { name: 'Rumah Perlindungan Sosial Anak Bekasi' },
    };
    given(placementDecider, openCase)
      .when(fromIntake(otherShelter, '2026-03-03T09:00:00+07:00'))
      .then([
        cataloguedEvent('CustodyRecorded', {
          clientId,
          since: '2026-03-03T09:00:00+07:00',
          previousCustodian: shelter,
          custodian: otherShelter,
          recordedFrom: 'ClientHandedOverToShelter',
        }),
      ]);
  });

  it('records a move of intake after the case closed as nothing, but still notes other facts', () => {
    const closedCase = [
      ...readyToGoHome,
      returnedHome(),
      closed('ClientReturnedHome', '2026-03-09T10:00:00+07:00'),
    ];
    given(placementDecider, closedCase)
      .when(fromIntake(shelter, '2026-03-10T09:00:00+07:00'))
      .thenNothingHappens();
    given(placementDecider, closedCase)
      .when({ type: 'NoteRecommendation', clientId, recommendation: 'healthReferral' })
      .then([recommended('healthReferral')]);
  });
});

describe('the officer responsible, and when officer commands are refused', () => {
  it('refuses officer commands before the placement opens, in words an officer understands', () => {
    const refusal = given(placementDecider).when(assign(siti)).thenRefuses('placement-not-open');
    expect(refusal.message).toBe(
      'This case has no placement yet: it opens when intake opens the case. Try again shortly.',
    );
    given(placementDecider, [familyFoundNoted, clockStarted])
      .when(issueHealthReferral())
      .thenRefuses('placement-not-open');
  });

  it('assigns an officer, and records nothing when the same officer is assigned again', () => {
    given(placementDecider, openCase)
      .when(assign(siti))
      .then([assigned(siti)]);
    given(placementDecider, [...openCase, assigned(siti)])
      .when(assign(siti))
      .thenNothingHappens();
  });

  it('asks why the placement changes hands on reassignment', () => {
    given(placementDecider, [...openCase, assigned(siti)])
      .when(assign(budi))
      .thenRefuses('reassignment-needs-reason');
    given(placementDecider, [...openCase, assigned(siti)])
      .when(assign(budi, 'Siti is on leave'))
      .then([assigned(budi, { id: siti, reason: 'Siti is on leave' })]);
  });

  it('refuses every officer command once the case is closed', () => {
    const closedCase = [
      ...readyToGoHome,
      returnedHome(),
      closed('ClientReturnedHome', '2026-03-09T10:00:00+07:00'),
    ];
    const commands: PlacementCommand[] = [
      assign(siti),
      { type: 'RecordSafetyAssessment', ...safetyFields('safety-2') },
      arrange(),
      returnHome(),
      issueHealthReferral(),
      admitToHealth(),
      { type: 'LeaveHealthFacility', referralId: 'ref-1', leftAt: dischargedAt, how: 'returned' },
      recordConsent(),
      issueInstitutionReferral(),
      admitToInstitution(),
      { type: 'ReviewStay', reviewedOn: '2026-06-06', outcome: 'continue' },
      { type: 'ExtendStay', extendedUntil: '2027-06-01', reason: 'Rehabilitation continues' },
      discharge('family', family),
      makeLksReferral,
      handOverToLks(),
    ];
    for (const command of commands) {
      const refusal = given(placementDecider, closedCase).when(command).thenRefuses('case-closed');
      expect(refusal.message).toMatch(/This case is closed/);
    }
  });
});

describe('the return home (Berita Acara Pemulangan)', () => {
  it('records a family safety assessment, once per id', () => {
    given(placementDecider, [...openCase, familyFoundNoted])
      .when({ type: 'RecordSafetyAssessment', ...safetyFields('safety-1') })
      .then([assessed('safety-1')]);
    given(placementDecider, [...openCase, assessed('safety-1')])
      .when({ type: 'RecordSafetyAssessment', ...safetyFields('safety-1') })
      .thenRefuses('safety-assessment-exists');
  });

  it('arranges the return home to the family tracing found, on a safe assessment', () => {
    given(placementDecider, [...openCase, familyFoundNoted, assessed('safety-1')])
      .when(arrange())
      .then([arranged]);
    expect(given(placementDecider, readyToGoHome).state().returnHome).toEqual({
      receivingPersonIds: [motherId],
      plannedAt: '2026-03-09T08:00:00+07:00',
    });
  });

  it('arranges the return home the assessment recommends, the family known', () => {
    given(placementDecider, [
      ...openCase,
      recommended('returnHome'),
      assessed('safety-1', 'safeWithConditions'),
    ])
      .when(arrange())
      .then([arranged]);
  });

  it('refuses a return home before a family is found or known', () => {
    const refusal = given(placementDecider, [...openCase, assessed('safety-1')])
      .when(arrange())
      .thenRefuses('return-home-needs-family');
    expect(refusal.message).toMatch(/No return home before a family is found or known/);
    given(placementDecider, [...openCase, familyNotFoundNoted, assessed('safety-1')])
      .when(arrange())
      .thenRefuses('return-home-needs-family');
  });

  it('refuses a return home on no recorded safety assessment', () => {
    const refusal = given(placementDecider, [...openCase, familyFoundNoted])
      .when(arrange())
      .thenRefuses('safety-assessment-missing');
    expect(refusal.message).toMatch(/assess the receiving family's safety/);
  });

  it('refuses a return home to a family assessed unsafe', () => {
    given(placementDecider, [...openCase, familyFoundNoted, assessed('safety-1', 'unsafe')])
      .when(arrange())
      .thenRefuses('family-unsafe');
  });

  it('arranges the return home once', () => {
    given(placementDecider, readyToGoHome).when(arrange()).thenRefuses('return-home-arranged');
  });

  it('refuses to record a return home that was not arranged', () => {
    const refusal = given(placementDecider, [...openCase, familyFoundNoted])
      .when(returnHome())
      .thenRefuses('return-home-not-arranged');
    expect(refusal.message).toMatch(/arrange it first/);
  });

  it('moves the client to the family and closes the case within its clock (seed 004: met)', () => {
    const [returned] = given(placementDecider, [clockStarted, ...readyToGoHome])
      .when(returnHome())
      .then([
        returnedHome(),
        closed('ClientReturnedHome', '2026-03-09T10:00:00+07:00', clockOf(clockStarted, 'met')),
      ]);
    expect(returned.subjectIds).toEqual([clientId, motherId, officerPersonId, witnessId].sort());
  });

  it('closes the case with the clock breached when the return home came after its due time', () => {
    given(placementDecider, [clockStarted, ...readyToGoHome])
      .when(returnHome('2026-03-11T00:00:00+07:00'))
      .then([
        returnedHome('2026-03-11T00:00:00+07:00'),
        closed(
          'ClientReturnedHome',
          '2026-03-11T00:00:00+07:00',
          clockOf(clockStarted, 'breached'),
        ),
      ]);
  });

  it("counts the due time's last second as met", () => {
    given(placementDecider, [clockStarted, ...readyToGoHome])
      .when(returnHome('2026-03-10T16:59:59Z'))
      .then([
        returnedHome('2026-03-10T16:59:59Z'),
        closed('ClientReturnedHome', '2026-03-10T16:59:59Z', clockOf(clockStarted, 'met')),
      ]);
  });

  it('closes without a clock when its start never reached placement', () => {
    const [, closing] = given(placementDecider, readyToGoHome)
      .when(returnHome())
      .then([returnedHome(), closed('ClientReturnedHome', '2026-03-09T10:00:00+07:00')]);
    expect(closing.payload).not.toHaveProperty('clock');
  });

  it('closes under seed 000 too, and the closed case says by what and when', () => {
    const readyUnder000 = [openedUnder000, ...readyToGoHome.slice(1), yearClockStarted];
    given(placementDecider, readyUnder000)
      .when(returnHome())
      .then([
        returnedHome(),
        closed('ClientReturnedHome', '2026-03-09T10:00:00+07:00', clockOf(yearClockStarted, 'met')),
      ]);
    const state = given(placementDecider, [
      ...readyUnder000,
      returnedHome(),
      closed('ClientReturnedHome', '2026-03-09T10:00:00+07:00', clockOf(yearClockStarted, 'met')),
    ]).state();
    expect(state.status).toBe('closed');
    expect(state.closed).toEqual({
      closedBy: 'ClientReturnedHome',
      closedAt: '2026-03-09T10:00:00+07:00',
      outcome: 'met',
    });
    expect(state.returnHome?.returnedAt).toBe('2026-03-09T10:00:00+07:00');
    expect(currentCustodian(state)).toEqual(family);
  });

  it('refuses a return home dated before the custody it closes began', () => {
    const refusal = given(placementDecider, readyToGoHome)
      .when(returnHome('2026-03-01T10:00:00+07:00'))
      .thenRefuses('move-before-custody');
    expect(refusal.message).toMatch(/before the custody it closes began/);
  });

  it('refuses two custodians at once: a return home while a health facility holds the client', () => {
    const refusal = given(placementDecider, [
      ...inPuskesmas,
      familyFoundNoted,
      assessed('safety-1'),
      arranged,
    ])
      .when(returnHome())
      .thenRefuses('two-custodians');
    expect(refusal.message).toBe(
      'Two custodians at once: Puskesmas Cikarang holds the client now; record the client leaving it first.',
    );
  });

  it('refuses two custodians at once: a return home while an institution holds the client', () => {
    const refusal = given(placementDecider, [
      ...inPanti,
      familyFoundNoted,
      assessed('safety-1'),
      arranged,
    ])
      .when(returnHome())
      .thenRefuses('two-custodians');
    expect(refusal.message).toMatch(/UPTD Panti Sosial Anak Banten holds the client now/);
  });

  it('refuses a move when no custodian is known yet', () => {
    const refusal = given(placementDecider, [
      opened,
      familyFoundNoted,
      assessed('safety-1'),
      arranged,
    ])
      .when(returnHome())
      .thenRefuses('no-custodian');
    expect(refusal.message).toMatch(/the case's first custodian is not known here yet/);
  });
});

describe('a health referral (Faskes)', () => {
  it('issues a referral letter, once per id', () => {
    given(placementDecider, openCase).when(issueHealthReferral()).then([healthReferralIssued()]);
    given(placementDecider, [...openCase, healthReferralIssued()])
      .when(issueHealthReferral())
      .thenRefuses('health-referral-exists');
  });

  it('moves the client into the facility the referral names, remembering who held them', () => {
    given(placementDecider, [...openCase, healthReferralIssued()])
      .when(admitToHealth())
      .then([admittedToHealth()]);
    const state = given(placementDecider, inPuskesmas).state();
    expect(state.healthReferrals['ref-1']).toEqual({
      facility: puskesmas,
      status: 'admitted',
      custodianBefore: shelter,
      issuedAt: healthReferralIssued().payload.issuedAt,
    });
    expect(currentCustodian(state)).toEqual(atHealth(puskesmas));
  });

  it('refuses an admission on a referral not issued, or already used', () => {
    const refusal = given(placementDecider, openCase)
      .when(admitToHealth())
      .thenRefuses('health-referral-missing');
    expect(refusal.message).toMatch(/issue it first/);
    given(placementDecider, inPuskesmas)
      .when(admitToHealth())
      .thenRefuses('health-referral-missing');
  });

  it('refuses two custodians at once: a second health facility while one holds the client', () => {
    given(placementDecider, [...inPuskesmas, healthReferralIssued('ref-2', rsud)])
      .when(admitToHealth('ref-2', '2026-03-05T08:00:00+07:00'))
      .thenRefuses('two-custodians');
  });

  it('refuses an admission when no custodian is known yet', () => {
    given(placementDecider, [opened, healthReferralIssued()])
      .when(admitToHealth())
      .thenRefuses('no-custodian');
  });

  it('refuses an admission dated before the referral letter it rests on', () => {
    const issuedAt = healthReferralIssued().payload.issuedAt;
    const before = new Date(Date.parse(issuedAt) - 60_000).toISOString();
    given(placementDecider, [...openCase, healthReferralIssued()])
      .when(admitToHealth('ref-1', before))
      .thenRefuses('admission-before-referral');
  });

  it('refuses an admission dated before the current custody began', () => {
    given(placementDecider, [...openCase, healthReferralIssued()])
      .when(admitToHealth('ref-1', '2026-03-02T09:59:59+07:00'))
      .thenRefuses('move-before-custody');
  });

  it('returns the client to the custodian before the admission, and never closes the case', () => {
    given(placementDecider, [clockStarted, ...inPuskesmas])
      .when({
        type: 'LeaveHealthFacility',
        referralId: 'ref-1',
        leftAt: '2026-03-06T15:00:00+07:00',
        how: 'returned',
      })
      .then([leftHealth('returned', shelter)]);
    const state = given(placementDecider, [
      ...inPuskesmas,
      leftHealth('returned', shelter),
    ]).state();
    expect(state.healthReferrals['ref-1']?.status).toBe('left');
    expect(currentCustodian(state)).toEqual(shelter);
    expect(state.status).toBe('open');
  });

  it('asks where the client went when discharged elsewhere', () => {
    const leave: Command<'LeaveHealthFacility'> = {
      type: 'LeaveHealthFacility',
      referralId: 'ref-1',
      leftAt: '2026-03-06T15:00:00+07:00',
      how: 'discharged',
    };
    given(placementDecider, inPuskesmas).when(leave).thenRefuses('destination-missing');
    const otherShelter: LedgerCustodian = {
      kind: 'shelter',
      organisation: { name: 'Rumah Perlindungan Sosial Anak Bekasi' },
    };
    given(placementDecider, inPuskesmas)
      .when({ ...leave, custodian: otherShelter })
      .then([leftHealth('discharged', otherShelter)]);
  });

  it('refuses a move that would leave no custodian: leaving a facility that does not hold the client', () => {
    const leave: Command<'LeaveHealthFacility'> = {
      type: 'LeaveHealthFacility',
      referralId: 'ref-1',
      leftAt: '2026-03-07T15:00:00+07:00',
      how: 'returned',
    };
    const refusal = given(placementDecider, [...openCase, healthReferralIssued()])
      .when(leave)
      .thenRefuses('not-in-health-facility');
    expect(refusal.message).toMatch(/leave no custodian/);
    given(placementDecider, [...inPuskesmas, leftHealth('returned', shelter)])
      .when(leave)
      .thenRefuses('not-in-health-facility');
  });

  it('refuses leaving dated before the admission', () => {
    given(placementDecider, inPuskesmas)
      .when({
        type: 'LeaveHealthFacility',
        referralId: 'ref-1',
        leftAt: '2026-03-04T10:00:00+07:00',
        how: 'returned',
      })
      .thenRefuses('move-before-custody');
  });
});

describe('institution care (panti) on consent', () => {
  it('records a consent letter from the family', () => {
    given(placementDecider, openCase000).when(recordConsent()).then([consentRecorded()]);
    given(placementDecider, [...openCase000, consentRecorded()])
      .when(recordConsent())
      .thenRefuses('consent-exists');
  });

  it.each(['villageOfficial', 'lurah', 'headOfLocalDinsos'] as const)(
    'asks why no family consented when the %s consents',
    (role) => {
      const refusal = given(placementDecider, openCase000)
        .when(recordConsent('consent-1', role))
        .thenRefuses('consent-reason-missing');
      expect(refusal.message).toMatch(/say why none of them consented/);
      given(placementDecider, openCase000)
        .when(recordConsent('consent-1', role, '   '))
        .thenRefuses('consent-reason-missing');
      const reason = 'No family was found after tracing';
      given(placementDecider, openCase000)
        .when(recordConsent('consent-1', role, reason))
        .then([consentRecorded('consent-1', role, reason)]);
    },
  );

  it('refuses an institution referral without a recorded consent, naming who may consent', () => {
    const refusal = given(placementDecider, openCase000)
      .when(issueInstitutionReferral())
      .thenRefuses('consent-missing');
    expect(refusal.message).toMatch(
      /a consent letter \(surat persetujuan\) from the family, a guardian \(wali\), a caregiver \(pengasuh\), a village official \(aparat desa\), a lurah or the head of the local Dinas Sosial must be recorded first/,
    );
  });

  it('issues the referral on the consent, one institution at a time', () => {
    given(placementDecider, [...openCase000, consentRecorded()])
      .when(issueInstitutionReferral())
      .then([institutionReferred()]);
    given(placementDecider, [...openCase000, consentRecorded(), institutionReferred()])
      .when(issueInstitutionReferral())
      .thenRefuses('institution-referral-open');
    given(placementDecider, inPanti)
      .when(issueInstitutionReferral())
      .thenRefuses('institution-referral-open');
  });

  it('refuses an admission without a referral', () => {
    const refusal = given(placementDecider, [...openCase000, consentRecorded()])
      .when(admitToInstitution())
      .thenRefuses('institution-referral-missing');
    expect(refusal.message).toMatch(/No admission without a referral/);
  });

  it("admits the client to the referral's institution, the stay limited by the service's due date", () => {
    given(placementDecider, inPanti.slice(0, -1))
      .when(admitToInstitution())
      .then([admittedToInstitution('2027-03-01')]);
    expect(given(placementDecider, inPanti).state().institution).toEqual({
      institution: panti,
      consentId: 'consent-1',
      status: 'admitted',
      admittedAt,
      limitDate: '2027-03-01',
      reviewsDue: 0,
      reviewsDone: 0,
      nextReviewDueOn: '2026-06-06',
    });
  });

  it('leaves the stay limit out when the clock is not known yet, and takes it when it arrives', () => {
    const referred = [...openCase000, consentRecorded(), institutionReferred()];
    const [event] = given(placementDecider, referred)
      .when(admitToInstitution())
      .then([admittedToInstitution()]);
    expect(event.payload).not.toHaveProperty('stayLimitDate');
    const state = given(placementDecider, [
      ...referred,
      admittedToInstitution(),
      yearClockStarted,
    ]).state();
    expect(state.institution?.limitDate).toBe('2027-03-01');
  });

  it('refuses two custodians at once: an admission to an institution while a health facility holds the client', () => {
    const refusal = given(placementDecider, [
      ...inPuskesmas,
      consentRecorded(),
      institutionReferred(),
    ])
      .when(admitToInstitution())
      .thenRefuses('two-custodians');
    expect(refusal.message).toBe(
      'Two custodians at once: Puskesmas Cikarang holds the client now; record the client leaving it first.',
    );
  });

  it('refuses two custodians at once: an admission while another institution holds the client', () => {
    given(placementDecider, [
      ...inPanti,
      discharged('otherInstitution', inInstitution(otherPanti)),
      consentRecorded('consent-2'),
      institutionReferred(panti, 'consent-2'),
    ])
      .when(admitToInstitution('2026-09-02T10:00:00+07:00'))
      .thenRefuses('two-custodians');
  });

  it('continues the stay at another institution after a discharge there (seed 004 does not close on it): reviewed afresh, then discharged home', () => {
    const inPanti004 = [
      ...openCase,
      familyFoundNoted,
      consentRecorded(),
      institutionReferred(),
      admittedToInstitution(),
    ];
    const moved = [...inPanti004, discharged('otherInstitution', inInstitution(otherPanti))];
    expect(given(placementDecider, moved).state().institution).toMatchObject({
      institution: otherPanti,
      status: 'admitted',
      admittedAt: dischargedAt,
      reviewsDue: 0,
      reviewsDone: 0,
    });
    const home = '2026-10-01T10:00:00+07:00';
    given(placementDecider, moved)
      .when({ type: 'Discharge', dischargedAt: home, destination: 'family', custodian: family })
      .then([
        cataloguedEvent('DischargedFromInstitution', {
          clientId,
          institution: otherPanti,
          dischargedAt: home,
          destination: 'family',
          previousCustodian: inInstitution(otherPanti),
          custodian: family,
        }),
      ]);
  });

  it('takes the client from the institution to a health facility and back to it', () => {
    const sick = [...inPanti, healthReferralIssued('ref-9', rsud)];
    given(placementDecider, sick)
      .when(admitToHealth('ref-9', '2026-04-01T08:00:00+07:00'))
      .then([admittedToHealth('ref-9', rsud, '2026-04-01T08:00:00+07:00', inInstitution(panti))]);
    given(placementDecider, [
      ...sick,
      admittedToHealth('ref-9', rsud, '2026-04-01T08:00:00+07:00', inInstitution(panti)),
    ])
      .when({
        type: 'LeaveHealthFacility',
        referralId: 'ref-9',
        leftAt: '2026-04-05T08:00:00+07:00',
        how: 'returned',
      })
      .then([
        leftHealth('returned', inInstitution(panti), 'ref-9', rsud, '2026-04-05T08:00:00+07:00'),
      ]);
  });
});

describe('the institution stay: reviews, extension, discharge', () => {
  const reviewDue = (reviewNumber: number, dueOn = '2026-06-06') =>
    cataloguedEvent('InstitutionReviewDue', { clientId, reviewNumber, dueOn });
  const markDue = (reviewNumber: number, dueOn = '2026-06-06'): Command<'MarkReviewDue'> => ({
    type: 'MarkReviewDue',
    reviewNumber,
    dueOn,
  });
  const review: Command<'ReviewStay'> = {
    type: 'ReviewStay',
    reviewedOn: '2026-06-05',
    outcome: 'continue',
    nextReviewDueOn: '2026-09-05',
  };
  const reviewed = (reviewNumber: number) =>
    cataloguedEvent('InstitutionStayReviewed', {
      clientId,
      reviewNumber,
      reviewedOn: '2026-06-05',
      outcome: 'continue',
      nextReviewDueOn: '2026-09-05',
    });
  const extend: Command<'ExtendStay'> = {
    type: 'ExtendStay',
    extendedUntil: '2027-06-01',
    reason: 'Vocational training ends in May',
  };

  it('raises each review once, when due during the stay, however late or often the timer fires', () => {
    given(placementDecider, inPanti)
      .when(markDue(1))
      .then([reviewDue(1)]);
    given(placementDecider, [...inPanti, reviewDue(1)])
      .when(markDue(1))
      .thenNothingHappens();
    given(placementDecider, [...inPanti, reviewDue(1)])
      .when(markDue(2, '2026-09-06'))
      .then([reviewDue(2, '2026-09-06')]);
    given(placementDecider, inPanti).when(markDue(3)).thenNothingHappens();
    given(placementDecider, [...openCase000, consentRecorded(), institutionReferred()])
      .when(markDue(1))
      .thenNothingHappens();
    given(placementDecider, [...inPanti, discharged('family', family)])
      .when(markDue(1))
      .thenNothingHappens();
  });

  it('numbers the reviews of the stay', () => {
    given(placementDecider, inPanti)
      .when(review)
      .then([reviewed(1)]);
    given(placementDecider, [...inPanti, reviewDue(1), reviewed(1)])
      .when(review)
      .then([reviewed(2)]);
    const state = given(placementDecider, [...inPanti, reviewDue(1), reviewed(1)]).state();
    expect(state.institution).toMatchObject({
      reviewsDue: 1,
      reviewsDone: 1,
      nextReviewDueOn: '2026-09-05',
    });
  });

  it('refuses a review or an extension without a stay', () => {
    const referred = [...openCase000, consentRecorded(), institutionReferred()];
    given(placementDecider, referred).when(review).thenRefuses('not-admitted');
    given(placementDecider, referred).when(extend).thenRefuses('not-admitted');
  });

  it('extends the stay beyond its limit, with a reason', () => {
    given(placementDecider, inPanti)
      .when(extend)
      .then([
        cataloguedEvent('InstitutionStayExtended', {
          clientId,
          previousLimitDate: '2027-03-01',
          extendedUntil: '2027-06-01',
          reason: 'Vocational training ends in May',
        }),
      ]);
  });

  it('refuses an extension that is not later than the current limit', () => {
    const refusal = given(placementDecider, inPanti)
      .when({ ...extend, extendedUntil: '2027-03-01' })
      .thenRefuses('extension-not-later');
    expect(refusal.message).toMatch(/already runs until 2027-03-01/);
  });

  it('extends a stay whose limit is not known yet without a previous limit', () => {
    const noClock = [
      ...openCase000,
      consentRecorded(),
      institutionReferred(),
      admittedToInstitution(),
    ];
    const [event] = given(placementDecider, noClock)
      .when(extend)
      .then([
        cataloguedEvent('InstitutionStayExtended', {
          clientId,
          extendedUntil: '2027-06-01',
          reason: 'Vocational training ends in May',
        }),
      ]);
    expect(event.payload).not.toHaveProperty('previousLimitDate');
  });

  it('refuses a discharge to family members the case does not know', () => {
    const stranger: LedgerCustodian = { kind: 'family', personIds: ['nobody-known'] };
    const refusal = given(placementDecider, inPanti)
      .when(discharge('family', stranger))
      .thenRefuses('unknown-family-member');
    expect(refusal.message).toMatch(/nobody-known/);
  });

  it('refuses a discharge before admission', () => {
    const refusal = given(placementDecider, [
      ...openCase000,
      consentRecorded(),
      institutionReferred(),
    ])
      .when(discharge('family', family))
      .thenRefuses('discharge-before-admission');
    expect(refusal.message).toMatch(/No discharge before admission/);
  });

  it('discharges to the family and closes the case under seed 000 (met)', () => {
    given(placementDecider, inPanti)
      .when(discharge('family', family))
      .then([
        discharged('family', family),
        closed('DischargedFromInstitution', dischargedAt, clockOf(yearClockStarted, 'met')),
      ]);
  });

  it('closes with the clock breached after the year ran out (seed 000)', () => {
    const late = '2027-03-02T08:00:00+07:00';
    given(placementDecider, inPanti)
      .when(discharge('family', family, late))
      .then([
        cataloguedEvent('DischargedFromInstitution', {
          clientId,
          institution: panti,
          dischargedAt: late,
          destination: 'family',
          previousCustodian: inInstitution(panti),
          custodian: family,
        }),
        closed('DischargedFromInstitution', late, clockOf(yearClockStarted, 'breached')),
      ]);
  });

  it('does not close on a discharge under seed 004', () => {
    const inPanti004 = [opened, ...inPanti.slice(1)];
    given(placementDecider, inPanti004)
      .when(discharge('lks', atLks))
      .then([discharged('lks', atLks)]);
  });

  it('discharges an adult to independent living, never a child', () => {
    const refusal = given(placementDecider, inPanti)
      .when(discharge('independentLiving', { kind: 'self' }))
      .thenRefuses('independent-living-for-adults');
    expect(refusal.message).toMatch(/Independent living is for adults/);
    const adult = [
      cataloguedEvent('PlacementOpened', {
        ...openedUnder000.payload,
        clientCategory: 'neglectedElderly',
      }),
      ...inPanti.slice(1),
    ];
    given(placementDecider, adult)
      .when(discharge('independentLiving', family))
      .thenRefuses('independent-living-for-adults');
    given(placementDecider, adult)
      .when(discharge('independentLiving', { kind: 'self' }))
      .then([
        discharged('independentLiving', { kind: 'self' }),
        closed('DischargedFromInstitution', dischargedAt, clockOf(yearClockStarted, 'met')),
      ]);
  });

  it('refuses a discharge whose custodian is not the destination named', () => {
    given(placementDecider, inPanti)
      .when(discharge('lks', family))
      .thenRefuses('destination-mismatch');
  });

  it('refuses two custodians at once: a discharge while a health facility holds the client', () => {
    given(placementDecider, [
      ...inPanti,
      healthReferralIssued('ref-9', rsud),
      admittedToHealth('ref-9', rsud, '2026-04-01T08:00:00+07:00', inInstitution(panti)),
    ])
      .when(discharge('family', family))
      .thenRefuses('two-custodians');
  });
});

describe('an LKS when no family is found (BAST)', () => {
  const notFound = [...openCase, familyNotFoundNoted];

  it('refers to an LKS only when no family is found, or the assessment or a discharge says so', () => {
    const refusal = given(placementDecider, [...openCase, familyFoundNoted])
      .when(makeLksReferral)
      .thenRefuses('lks-needs-family-not-found');
    expect(refusal.message).toMatch(/when no family is found/);
    given(placementDecider, notFound).when(makeLksReferral).then([lksReferred]);
    given(placementDecider, [...openCase, recommended('continueWithLks')])
      .when(makeLksReferral)
      .then([lksReferred]);
    given(placementDecider, [opened, ...inPanti.slice(1), discharged('lks', atLks)])
      .when(makeLksReferral)
      .then([lksReferred]);
  });

  it('keeps one open LKS referral at a time', () => {
    given(placementDecider, [...notFound, lksReferred])
      .when(makeLksReferral)
      .thenRefuses('lks-referral-open');
  });

  it('refuses a handover without a referral', () => {
    given(placementDecider, notFound).when(handOverToLks()).thenRefuses('lks-referral-missing');
  });

  it("hands the client over to the referral's LKS and closes the case (seed 004: met)", () => {
    const [event] = given(placementDecider, [clockStarted, ...notFound, lksReferred])
      .when(handOverToLks())
      .then([
        handedOverToLks(),
        closed('ClientHandedOverToLks', '2026-03-08T13:00:00+07:00', clockOf(clockStarted, 'met')),
      ]);
    expect(event.subjectIds).toEqual([clientId, lksStaffId, officerPersonId, witnessId].sort());
    const state = given(placementDecider, [...notFound, lksReferred, handedOverToLks()]).state();
    expect(state.lks).toEqual({ lks: lksOrg, status: 'handedOver' });
  });

  it('closes with the clock breached when the handover came after the seven days (seed 004)', () => {
    given(placementDecider, [clockStarted, ...notFound, lksReferred])
      .when(handOverToLks('2026-03-12T13:00:00+07:00'))
      .then([
        handedOverToLks('2026-03-12T13:00:00+07:00'),
        closed(
          'ClientHandedOverToLks',
          '2026-03-12T13:00:00+07:00',
          clockOf(clockStarted, 'breached'),
        ),
      ]);
  });

  it('closes on the handover under seed 000 too', () => {
    given(placementDecider, [
      openedUnder000,
      firstCustody,
      familyNotFoundNoted,
      lksReferred,
      yearClockStarted,
    ])
      .when(handOverToLks())
      .then([
        handedOverToLks(),
        closed(
          'ClientHandedOverToLks',
          '2026-03-08T13:00:00+07:00',
          clockOf(yearClockStarted, 'met'),
        ),
      ]);
  });

  it('refuses two custodians at once: a handover while a health facility holds the client', () => {
    given(placementDecider, [...inPuskesmas, familyNotFoundNoted, lksReferred])
      .when(handOverToLks())
      .thenRefuses('two-custodians');
  });

  it('refuses a handover dated before the custody it closes began', () => {
    given(placementDecider, [...notFound, lksReferred])
      .when(handOverToLks('2026-03-02T09:00:00+07:00'))
      .thenRefuses('move-before-custody');
  });
});

describe('the custody ledger', () => {
  const history: PlacementEvent[] = [
    ...inPuskesmas,
    leftHealth('returned', shelter),
    familyFoundNoted,
    assessed('safety-1'),
    arranged,
    returnedHome(),
    closed('ClientReturnedHome', '2026-03-09T10:00:00+07:00'),
  ];
  const state = given(placementDecider, history).state();

  it('keeps one line per custody, oldest first', () => {
    expect(state.custody).toEqual([
      { custodian: shelter, since: openedAt, openedBy: 'CustodyRecorded' },
      {
        custodian: atHealth(puskesmas),
        since: '2026-03-04T11:00:00+07:00',
        openedBy: 'AdmittedToHealthFacility',
      },
      {
        custodian: shelter,
        since: '2026-03-06T15:00:00+07:00',
        openedBy: 'ClientLeftHealthFacility',
      },
      { custodian: family, since: '2026-03-09T10:00:00+07:00', openedBy: 'ClientReturnedHome' },
    ]);
    expect(currentCustodian(state)).toEqual(family);
    expect(currentCustodian(given(placementDecider, [opened]).state())).toBeUndefined();
  });

  it('knows no custodian before the first custody', () => {
    expect(custodianAt(state, '2026-03-02T09:59:59+07:00')).toBeUndefined();
  });

  it('names who held the client at an instant inside a custody, and from its first moment', () => {
    expect(custodianAt(state, openedAt)?.custodian).toEqual(shelter);
    expect(custodianAt(state, '2026-03-05T00:00:00+07:00')?.custodian).toEqual(atHealth(puskesmas));
    expect(custodianAt(state, '2026-03-06T07:59:59Z')?.custodian).toEqual(atHealth(puskesmas));
    expect(custodianAt(state, '2026-03-06T08:00:00Z')).toEqual({
      custodian: shelter,
      since: '2026-03-06T15:00:00+07:00',
      openedBy: 'ClientLeftHealthFacility',
    });
  });

  it('names the last custodian after the last move', () => {
    expect(custodianAt(state, '2027-01-01T00:00:00+07:00')?.custodian).toEqual(family);
  });
});
