import { examples } from '@dinsos/contracts';
import { UncataloguedEventError, cataloguedEvent, given } from '@dinsos/platform/domain';
import {
  candidateBlocked,
  inquiriesWaiting,
  tracingDecider,
  tracingStreamId,
  type TracingCommand,
  type TracingEvent,
} from './tracing.decider';

// ---- builders ---------------------------------------------------------------------------------

type Command<T extends TracingCommand['type']> = Extract<TracingCommand, { type: T }>;
type Channel = Command<'SendInquiry'>['channel'];

const clientId = examples.exampleIds.clientId;
const motherId = '5b1f3c2e-8d4a-4f6b-9c1e-2a3b4c5d6e7f';
const uncleId = '0e9d8c7b-6a5f-4e3d-8c2b-1a0f9e8d7c6b';
const sealed = (label: string, subjectId: string = clientId) =>
  examples.exampleEncryptedField(`key-${subjectId}`, label);
const siti = 'officer-siti';
const budi = 'officer-budi';
const serviceStandard = { code: 'bekasi-layanan-rujukan', version: 1 };

const start: Command<'StartTracing'> = {
  type: 'StartTracing',
  clientId,
  owningOfficeCode: '3603',
  serviceStandard,
  startedBy: { eventType: 'RecommendationMade', recommendation: 'traceFamily' },
  inquiryPeriodDays: 7,
  consentRequired: false,
};
const { type: _start, ...startedPayload } = start;
const started = cataloguedEvent('TracingStarted', startedPayload);
/** A standard that asks consent before tracing. */
const startedWithConsent = cataloguedEvent('TracingStarted', {
  ...startedPayload,
  consentRequired: true,
});

const assigned = (officerId: string, previous?: { id: string; reason: string }) =>
  cataloguedEvent('TracingOfficerAssigned', {
    officerId,
    how: 'assignedBySupervisor',
    ...(previous ? { previousOfficerId: previous.id, reason: previous.reason } : {}),
  });

const transferred = (toOfficeCode: string, previousOfficerId?: string) =>
  cataloguedEvent('TracingTransferred', {
    fromOfficeCode: '3603',
    toOfficeCode,
    ...(previousOfficerId ? { previousOfficerId } : {}),
  });

const consentRecorded = cataloguedEvent('TracingConsentRecorded', {
  clientId,
  givenBy: 'headOfDinsos',
  scan: sealed('consent.scan'),
});

const addressees: Record<Channel, { name: string; regionCode?: string }> = {
  village: { name: 'Kelurahan Karangasih', regionCode: '32.16.04.1001' },
  district: { name: 'Kecamatan Cikarang Utara', regionCode: '32.16.04' },
  disdukcapil: { name: 'Disdukcapil Kabupaten Bekasi', regionCode: '32.16' },
  police: { name: 'Polsek Cikarang Pusat' },
  dinsosOffice: { name: 'Dinas Sosial Kota Bekasi', regionCode: '32.75' },
  otherAgency: { name: 'LPA Kabupaten Bekasi' },
};

const inquiryFields = (inquiryId: string, channel: Channel, candidateId?: string) => ({
  inquiryId,
  channel,
  addressee: addressees[channel],
  letterNumber: `400.9/${inquiryId}/Dinsos`,
  letter: sealed(`letter ${inquiryId}`),
  ...(candidateId !== undefined ? { candidateId } : {}),
  sentOn: '2026-03-04',
  dueDate: '2026-03-11',
  dueAt: '2026-03-11T23:59:59+07:00',
});

const sendInquiry = (
  inquiryId: string,
  channel: Channel,
  overrides: Partial<Command<'SendInquiry'>> = {},
): Command<'SendInquiry'> => ({
  type: 'SendInquiry',
  ...inquiryFields(inquiryId, channel),
  periodDays: 7,
  ...overrides,
});

const inquirySent = (inquiryId: string, channel: Channel, candidateId?: string) =>
  cataloguedEvent('InquirySent', { clientId, ...inquiryFields(inquiryId, channel, candidateId) });

const answerFields = (inquiryId: string) => ({
  inquiryId,
  answeredOn: '2026-03-09',
  answer: sealed(`answer ${inquiryId}`),
  evidence: [sealed(`evidence ${inquiryId}`)],
});
const recordAnswer = (inquiryId: string): Command<'RecordAnswer'> => ({
  type: 'RecordAnswer',
  ...answerFields(inquiryId),
});
const answered = (inquiryId: string) =>
  cataloguedEvent('InquiryAnswered', { clientId, ...answerFields(inquiryId) });

const markOverdue = (inquiryId: string): Command<'MarkOverdue'> => ({
  type: 'MarkOverdue',
  inquiryId,
  dueAt: '2026-03-11T23:59:59+07:00',
});
const overdue = (inquiryId: string) =>
  cataloguedEvent('InquiryOverdue', { inquiryId, dueAt: '2026-03-11T23:59:59+07:00' });

const captures = [
  {
    modality: 'fingerprint' as const,
    position: 'right thumb',
    file: sealed('fingerprint right thumb'),
    capturedAt: '2026-03-04T09:30:00+07:00',
  },
  {
    modality: 'iris' as const,
    position: 'left eye',
    file: sealed('iris left eye'),
    capturedAt: '2026-03-04T09:35:00+07:00',
  },
];
const biometricsCaptured = cataloguedEvent('BiometricsCapturedForVerification', {
  clientId,
  captures,
});

const verificationFields = (inquiryId: string) => ({
  inquiryId,
  nikFound: true,
  nik: sealed('nik'),
  familyCardNumber: sealed('familyCardNumber'),
  matchLevel: 'high' as const,
  answeredBy: sealed('answeredBy'),
  answeredAt: '2026-03-06T14:00:00+07:00',
});
const recordVerification = (
  inquiryId: string,
  overrides: Partial<Command<'RecordIdentityVerification'>> = {},
): Command<'RecordIdentityVerification'> => ({
  type: 'RecordIdentityVerification',
  ...verificationFields(inquiryId),
  ...overrides,
});
const verified = (inquiryId: string) =>
  cataloguedEvent('IdentityVerificationReceived', { clientId, ...verificationFields(inquiryId) });

const candidateFields = (candidateId: string, personId: string) => ({
  candidateId,
  person: {
    personId,
    name: sealed(`name ${candidateId}`, personId),
    phone: sealed(`phone ${candidateId}`, personId),
    relationship: 'mother',
  },
  relationClaimed: 'mother',
  comparison: [
    { field: 'familyName', outcome: 'match' as const },
    { field: 'villageOfOrigin', outcome: 'match' as const },
    { field: 'birthYear', outcome: 'blank' as const },
  ],
  score: 0.86,
  class: 'likely' as const,
  algorithm: { name: 'tracing-match', version: 1 },
  knownOfClient: sealed('knownOfClient'),
});
const propose = (candidateId: string, personId = motherId): Command<'ProposeCandidate'> => ({
  type: 'ProposeCandidate',
  ...candidateFields(candidateId, personId),
});
const proposed = (candidateId: string, personId = motherId) =>
  cataloguedEvent('MatchCandidateProposed', {
    clientId,
    ...candidateFields(candidateId, personId),
  });

const concernRecorded = (concernId: string, candidateId: string) =>
  cataloguedEvent('SafetyConcernRecorded', {
    concernId,
    candidateId,
    clientId,
    kind: 'violence',
    details: sealed(`concern ${concernId}`),
  });
const concernCleared = (concernId: string) =>
  cataloguedEvent('SafetyConcernCleared', {
    concernId,
    clientId,
    reason: sealed(`cleared ${concernId}`),
  });
const doNotContact = (candidateId: string) =>
  cataloguedEvent('DoNotContactMarked', {
    candidateId,
    clientId,
    reason: sealed(`do not contact ${candidateId}`),
  });

const confirmed = (candidateId: string) =>
  cataloguedEvent('MatchDecided', {
    candidateId,
    clientId,
    decision: 'confirmed',
    childView: sealed(`childView ${candidateId}`),
  });
const rejected = (candidateId: string) =>
  cataloguedEvent('MatchDecided', {
    candidateId,
    clientId,
    decision: 'rejected',
    reason: sealed(`rejected ${candidateId}`),
    childView: sealed(`childView ${candidateId}`),
  });

const familyFoundFields = (candidateId: string, evidenceInquiryIds: string[]) => ({
  candidateId,
  familyMembers: [{ personId: motherId, name: sealed('mother name', motherId) }],
  relation: 'mother',
  address: sealed('family address'),
  verifiedBy: ['disdukcapil' as const, 'villageLetter' as const, 'childRecognition' as const],
  evidenceInquiryIds,
  childView: sealed('childView going home'),
});
const recordFamilyFound = (
  candidateId = 'cand-1',
  evidenceInquiryIds = ['inq-village'],
): Command<'RecordFamilyFound'> => ({
  type: 'RecordFamilyFound',
  ...familyFoundFields(candidateId, evidenceInquiryIds),
});
const familyFound = (candidateId = 'cand-1', evidenceInquiryIds = ['inq-village']) =>
  cataloguedEvent('FamilyFound', {
    clientId,
    ...familyFoundFields(candidateId, evidenceInquiryIds),
  });

const notFoundReason = 'No answer from the village; Disdukcapil found no record.';
const familyNotFound = (channelsTried: Channel[]) =>
  cataloguedEvent('FamilyNotFound', { clientId, channelsTried, reason: notFoundReason });
const reopened = cataloguedEvent('TracingReopened', {
  clientId,
  reason: sealed('a neighbour recognised the child'),
});

/** The village answered about the mother, whom the officer confirmed. */
const motherConfirmed: TracingEvent[] = [
  started,
  inquirySent('inq-village', 'village'),
  answered('inq-village'),
  proposed('cand-1'),
  confirmed('cand-1'),
];
/** Tried the village and Disdukcapil, and decided the family cannot be found. */
const closedAsNotFound: TracingEvent[] = [
  started,
  inquirySent('inq-village', 'village'),
  inquirySent('inq-dukcapil', 'disdukcapil'),
  familyNotFound(['village', 'disdukcapil']),
];

// ---- specs ------------------------------------------------------------------------------------

describe('starting the tracing', () => {
  it('lives in the stream tracing-<caseId>', () => {
    expect(tracingStreamId('3603-2026-000001')).toBe('tracing-3603-2026-000001');
  });

  it('starts under the pinned standard, naming its client as the data subject', () => {
    const [event] = given(tracingDecider).when(start).then([started]);
    expect(event.subjectIds).toEqual([clientId]);
  });

  it('starts once, however often it is asked, and a finished tracing does not start again', () => {
    given(tracingDecider, [started]).when(start).thenNothingHappens();
    given(tracingDecider, [...motherConfirmed, familyFound()])
      .when(start)
      .thenNothingHappens();
    given(tracingDecider, closedAsNotFound).when(start).thenNothingHappens();
  });

  it("leaves out the recommendation when the standard's own step started it", () => {
    const [event] = given(tracingDecider)
      .when({
        ...start,
        startedBy: { eventType: 'ClientHandedOverToShelter', recommendation: undefined },
      })
      .then([
        cataloguedEvent('TracingStarted', {
          ...startedPayload,
          startedBy: { eventType: 'ClientHandedOverToShelter' },
        }),
      ]);
    expect(event.payload).not.toHaveProperty('startedBy.recommendation');
  });

  it("remembers the client, owning office, pinned standard and the standard's tracing policy", () => {
    expect(given(tracingDecider, [started]).state()).toEqual({
      status: 'tracing',
      clientId,
      officeCode: '3603',
      serviceStandard,
      inquiryPeriodDays: 7,
      consentRequired: false,
      consentRecorded: false,
      transfers: [],
      inquiries: {},
      candidates: {},
      concerns: {},
      biometricsCaptured: false,
      reopenedTimes: 0,
    });
  });
});

describe('moving with the case between offices', () => {
  const transfer: Command<'RecordTransfer'> = {
    type: 'RecordTransfer',
    fromOfficeCode: '3603',
    toOfficeCode: '36',
  };

  it('records a transfer that arrives before the start, and the transferred office wins', () => {
    given(tracingDecider)
      .when(transfer)
      .then([transferred('36')]);
    const state = given(tracingDecider, [transferred('36'), started]).state();
    expect(state.status).toBe('tracing');
    expect(state.officeCode).toBe('36');
    expect(state.transfers).toEqual([{ fromOfficeCode: '3603', toOfficeCode: '36' }]);
  });

  it('clears the officer: the receiving office assigns its own', () => {
    given(tracingDecider, [started, assigned(siti)])
      .when(transfer)
      .then([transferred('36', siti)]);
    const state = given(tracingDecider, [started, assigned(siti), transferred('36', siti)]).state();
    expect(state.officerId).toBeUndefined();
    expect('officerId' in state).toBe(false);
  });

  it('records the same transfer once, however often intake announces it', () => {
    given(tracingDecider, [started, transferred('36')])
      .when(transfer)
      .thenNothingHappens();
  });
});

describe('the officer responsible', () => {
  const assign = (officerId: string, reason?: string): Command<'AssignOfficer'> => ({
    type: 'AssignOfficer',
    officerId,
    how: 'assignedBySupervisor',
    ...(reason !== undefined ? { reason } : {}),
  });

  it('refuses to assign an officer before the tracing starts, in words an officer understands', () => {
    const refusal = given(tracingDecider).when(assign(siti)).thenRefuses('tracing-not-started');
    expect(refusal.message).toMatch(/has not started yet/);
  });

  it('assigns an officer, and records nothing when the same officer is assigned again', () => {
    given(tracingDecider, [started])
      .when(assign(siti))
      .then([assigned(siti)]);
    given(tracingDecider, [started, assigned(siti)])
      .when(assign(siti))
      .thenNothingHappens();
  });

  it('lets an officer take an unassigned tracing', () => {
    given(tracingDecider, [started])
      .when({ type: 'AssignOfficer', officerId: budi, how: 'takenByOfficer' })
      .then([
        cataloguedEvent('TracingOfficerAssigned', { officerId: budi, how: 'takenByOfficer' }),
      ]);
  });

  it('asks why the tracing changes hands on reassignment', () => {
    given(tracingDecider, [started, assigned(siti)])
      .when(assign(budi))
      .thenRefuses('reassignment-needs-reason');
    given(tracingDecider, [started, assigned(siti)])
      .when(assign(budi, '  '))
      .thenRefuses('reassignment-needs-reason');
    given(tracingDecider, [started, assigned(siti)])
      .when(assign(budi, 'Siti is on leave'))
      .then([assigned(budi, { id: siti, reason: 'Siti is on leave' })]);
  });
});

describe('consent to trace', () => {
  const recordConsent: Command<'RecordConsent'> = {
    type: 'RecordConsent',
    givenBy: 'headOfDinsos',
    scan: sealed('consent.scan'),
  };

  it('records the consent with its signed scan', () => {
    given(tracingDecider, [startedWithConsent]).when(recordConsent).then([consentRecorded]);
    expect(
      given(tracingDecider, [startedWithConsent, consentRecorded]).state().consentRecorded,
    ).toBe(true);
  });

  it('refuses consent before the tracing starts', () => {
    given(tracingDecider).when(recordConsent).thenRefuses('tracing-not-started');
  });
});

describe('sending inquiries', () => {
  it('sends an inquiry by letter to the kelurahan of origin, naming the client', () => {
    const [event] = given(tracingDecider, [started])
      .when(sendInquiry('inq-village', 'village'))
      .then([inquirySent('inq-village', 'village')]);
    expect(event.subjectIds).toEqual([clientId]);
    expect(given(tracingDecider, [started, event]).state().inquiries).toEqual({
      'inq-village': {
        channel: 'village',
        sentOn: '2026-03-04',
        dueDate: '2026-03-11',
        dueAt: '2026-03-11T23:59:59+07:00',
        status: 'sent',
      },
    });
  });

  it('sends an inquiry about a possible family member', () => {
    given(tracingDecider, [started, proposed('cand-1')])
      .when(sendInquiry('inq-district', 'district', { candidateId: 'cand-1' }))
      .then([inquirySent('inq-district', 'district', 'cand-1')]);
  });

  it('refuses an inquiry before the tracing starts', () => {
    given(tracingDecider)
      .when(sendInquiry('inq-village', 'village'))
      .thenRefuses('tracing-not-started');
  });

  it('refuses an inquiry once the tracing is closed: family found, or not found until reopened', () => {
    given(tracingDecider, [...motherConfirmed, familyFound()])
      .when(sendInquiry('inq-2', 'police'))
      .thenRefuses('tracing-closed');
    const refusal = given(tracingDecider, closedAsNotFound)
      .when(sendInquiry('inq-2', 'police'))
      .thenRefuses('tracing-closed');
    expect(refusal.message).toMatch(/Reopen the tracing/);
  });

  it('refuses an inquiry without consent where the standard asks it, and sends it once consent is recorded', () => {
    given(tracingDecider, [startedWithConsent])
      .when(sendInquiry('inq-village', 'village'))
      .thenRefuses('consent-missing');
    given(tracingDecider, [startedWithConsent, consentRecorded])
      .when(sendInquiry('inq-village', 'village'))
      .then([inquirySent('inq-village', 'village')]);
  });

  it("refuses a waiting period longer than the standard's, and accepts one as long", () => {
    const refusal = given(tracingDecider, [started])
      .when(sendInquiry('inq-village', 'village', { periodDays: 8 }))
      .thenRefuses('period-beyond-standard');
    expect(refusal.message).toMatch(/at most 7 days/);
    given(tracingDecider, [started])
      .when(sendInquiry('inq-village', 'village', { periodDays: 7 }))
      .then([inquirySent('inq-village', 'village')]);
  });

  it('refuses to reuse the id of an inquiry already sent', () => {
    given(tracingDecider, [started, inquirySent('inq-village', 'village')])
      .when(sendInquiry('inq-village', 'district'))
      .thenRefuses('inquiry-exists');
  });

  it('refuses an inquiry about a candidate never proposed', () => {
    given(tracingDecider, [started])
      .when(sendInquiry('inq-district', 'district', { candidateId: 'cand-9' }))
      .thenRefuses('no-such-candidate');
  });

  it('refuses an inquiry to a family marked do-not-contact', () => {
    given(tracingDecider, [started, proposed('cand-1'), doNotContact('cand-1')])
      .when(sendInquiry('inq-district', 'district', { candidateId: 'cand-1' }))
      .thenRefuses('do-not-contact');
  });
});

describe('answers to inquiries', () => {
  const sent: TracingEvent[] = [started, inquirySent('inq-village', 'village')];

  it('records the answer with its evidence, and the inquiry stops waiting', () => {
    given(tracingDecider, sent)
      .when(recordAnswer('inq-village'))
      .then([answered('inq-village')]);
    const state = given(tracingDecider, [...sent, answered('inq-village')]).state();
    expect(state.inquiries['inq-village'].status).toBe('answered');
    expect(inquiriesWaiting(state)).toEqual([]);
  });

  it('refuses an answer to an inquiry that was never sent', () => {
    const refusal = given(tracingDecider, [started])
      .when(recordAnswer('inq-unknown'))
      .thenRefuses('no-such-inquiry');
    expect(refusal.message).toMatch(/No inquiry inq-unknown was sent/);
  });

  it('refuses a second answer to the same inquiry', () => {
    given(tracingDecider, [...sent, answered('inq-village')])
      .when(recordAnswer('inq-village'))
      .thenRefuses('inquiry-already-answered');
  });

  it('still records the answer to an overdue inquiry, as answered late', () => {
    given(tracingDecider, [...sent, overdue('inq-village')])
      .when(recordAnswer('inq-village'))
      .then([answered('inq-village')]);
    const state = given(tracingDecider, [
      ...sent,
      overdue('inq-village'),
      answered('inq-village'),
    ]).state();
    expect(state.inquiries['inq-village'].status).toBe('answeredLate');
  });
});

describe("an inquiry's due time passing", () => {
  const sent: TracingEvent[] = [started, inquirySent('inq-village', 'village')];

  it('marks a waiting inquiry overdue, and it still waits for its answer', () => {
    given(tracingDecider, sent)
      .when(markOverdue('inq-village'))
      .then([overdue('inq-village')]);
    const state = given(tracingDecider, [...sent, overdue('inq-village')]).state();
    expect(state.inquiries['inq-village'].status).toBe('overdue');
    expect(inquiriesWaiting(state)).toEqual(['inq-village']);
  });

  it('records nothing when the timer fires twice, late after an answer, or for an unknown inquiry', () => {
    given(tracingDecider, [...sent, overdue('inq-village')])
      .when(markOverdue('inq-village'))
      .thenNothingHappens();
    given(tracingDecider, [...sent, answered('inq-village')])
      .when(markOverdue('inq-village'))
      .thenNothingHappens();
    given(tracingDecider, sent).when(markOverdue('inq-unknown')).thenNothingHappens();
    given(tracingDecider).when(markOverdue('inq-unknown')).thenNothingHappens();
  });
});

describe('the Disdukcapil fingerprint and iris check', () => {
  const sentToDukcapil: TracingEvent[] = [
    started,
    biometricsCaptured,
    inquirySent('inq-dukcapil', 'disdukcapil'),
  ];

  it("captures the client's fingerprints and iris as references", () => {
    given(tracingDecider, [started])
      .when({ type: 'RecordBiometrics', captures })
      .then([biometricsCaptured]);
    expect(given(tracingDecider, [started, biometricsCaptured]).state().biometricsCaptured).toBe(
      true,
    );
  });

  it('refuses to capture biometrics before the tracing starts', () => {
    given(tracingDecider)
      .when({ type: 'RecordBiometrics', captures })
      .thenRefuses('tracing-not-started');
  });

  it("records Disdukcapil's result, which answers the inquiry", () => {
    given(tracingDecider, sentToDukcapil)
      .when(recordVerification('inq-dukcapil'))
      .then([verified('inq-dukcapil')]);
    const state = given(tracingDecider, [...sentToDukcapil, verified('inq-dukcapil')]).state();
    expect(state.inquiries['inq-dukcapil'].status).toBe('answered');
  });

  it('leaves out the NIK and KK number when Disdukcapil found none', () => {
    const { nik: _nik, familyCardNumber: _kk, ...rest } = verified('inq-dukcapil').payload;
    const [event] = given(tracingDecider, sentToDukcapil)
      .when(
        recordVerification('inq-dukcapil', {
          nikFound: false,
          nik: undefined,
          familyCardNumber: undefined,
          matchLevel: 'none',
        }),
      )
      .then([
        cataloguedEvent('IdentityVerificationReceived', {
          ...rest,
          nikFound: false,
          matchLevel: 'none',
        }),
      ]);
    expect(Object.keys(event.payload)).not.toContain('nik');
    expect(Object.keys(event.payload)).not.toContain('familyCardNumber');
  });

  it('refuses a result for an inquiry that went elsewhere', () => {
    const refusal = given(tracingDecider, [started, inquirySent('inq-village', 'village')])
      .when(recordVerification('inq-village'))
      .thenRefuses('not-a-disdukcapil-inquiry');
    expect(refusal.message).toMatch(/went to the kelurahan\/desa of origin, not to Disdukcapil/);
  });

  it('refuses a result for an inquiry never sent, or already answered', () => {
    given(tracingDecider, [started])
      .when(recordVerification('inq-dukcapil'))
      .thenRefuses('no-such-inquiry');
    given(tracingDecider, [...sentToDukcapil, verified('inq-dukcapil')])
      .when(recordVerification('inq-dukcapil'))
      .thenRefuses('inquiry-already-answered');
  });
});

describe('possible family members', () => {
  it('proposes a candidate scored field by field, naming the client and the possible family member', () => {
    const [event] = given(tracingDecider, [started])
      .when(propose('cand-1'))
      .then([proposed('cand-1')]);
    expect(event.subjectIds).toEqual([clientId, motherId].sort());
    expect(given(tracingDecider, [started, event]).state().candidates).toEqual({
      'cand-1': { class: 'likely', score: 0.86, doNotContact: false, openConcerns: [] },
    });
  });

  it('refuses to reuse the id of a candidate already proposed', () => {
    given(tracingDecider, [started, proposed('cand-1')])
      .when(propose('cand-1', uncleId))
      .thenRefuses('candidate-exists');
  });

  it('refuses a candidate before the tracing starts', () => {
    given(tracingDecider).when(propose('cand-1')).thenRefuses('tracing-not-started');
  });

  it("confirms a candidate with the child's view", () => {
    given(tracingDecider, [started, proposed('cand-1')])
      .when({
        type: 'DecideCandidate',
        candidateId: 'cand-1',
        decision: 'confirmed',
        childView: sealed('childView cand-1'),
      })
      .then([confirmed('cand-1')]);
  });

  it('rejects a candidate only with a reason', () => {
    const reject: Command<'DecideCandidate'> = {
      type: 'DecideCandidate',
      candidateId: 'cand-1',
      decision: 'rejected',
      childView: sealed('childView cand-1'),
    };
    given(tracingDecider, [started, proposed('cand-1')])
      .when(reject)
      .thenRefuses('rejection-needs-reason');
    given(tracingDecider, [started, proposed('cand-1')])
      .when({ ...reject, reason: sealed('rejected cand-1') })
      .then([rejected('cand-1')]);
  });

  it('refuses deciding a candidate twice, or one never proposed', () => {
    const refusal = given(tracingDecider, [started, proposed('cand-1'), rejected('cand-1')])
      .when({
        type: 'DecideCandidate',
        candidateId: 'cand-1',
        decision: 'confirmed',
        childView: sealed('childView cand-1'),
      })
      .thenRefuses('candidate-already-decided');
    expect(refusal.message).toMatch(/already rejected/);
    given(tracingDecider, [started])
      .when({
        type: 'DecideCandidate',
        candidateId: 'cand-9',
        decision: 'confirmed',
        childView: sealed('childView'),
      })
      .thenRefuses('no-such-candidate');
  });
});

describe('safety concerns and do-not-contact', () => {
  const recordConcern = (
    concernId: string,
    candidateId = 'cand-1',
  ): Command<'RecordSafetyConcern'> => ({
    type: 'RecordSafetyConcern',
    concernId,
    candidateId,
    kind: 'violence',
    details: sealed(`concern ${concernId}`),
  });
  const clearConcern = (concernId: string): Command<'ClearSafetyConcern'> => ({
    type: 'ClearSafetyConcern',
    concernId,
    reason: sealed(`cleared ${concernId}`),
  });
  const markDoNotContact = (candidateId: string): Command<'MarkDoNotContact'> => ({
    type: 'MarkDoNotContact',
    candidateId,
    reason: sealed(`do not contact ${candidateId}`),
  });

  it('records a concern about a candidate, which blocks the candidate', () => {
    given(tracingDecider, [started, proposed('cand-1')])
      .when(recordConcern('con-1'))
      .then([concernRecorded('con-1', 'cand-1')]);
    const state = given(tracingDecider, [
      started,
      proposed('cand-1'),
      concernRecorded('con-1', 'cand-1'),
    ]).state();
    expect(state.concerns).toEqual({ 'con-1': { candidateId: 'cand-1', cleared: false } });
    expect(state.candidates['cand-1'].openConcerns).toEqual(['con-1']);
    expect(candidateBlocked(state, 'cand-1')).toBe(true);
  });

  it('refuses a concern about a candidate never proposed, or under an id already used', () => {
    given(tracingDecider, [started])
      .when(recordConcern('con-1', 'cand-9'))
      .thenRefuses('no-such-candidate');
    given(tracingDecider, [started, proposed('cand-1'), concernRecorded('con-1', 'cand-1')])
      .when(recordConcern('con-1'))
      .thenRefuses('concern-exists');
  });

  it("clears a concern on a supervisor's word, which unblocks the candidate", () => {
    const withConcern: TracingEvent[] = [
      started,
      proposed('cand-1'),
      concernRecorded('con-1', 'cand-1'),
    ];
    given(tracingDecider, withConcern)
      .when(clearConcern('con-1'))
      .then([concernCleared('con-1')]);
    const state = given(tracingDecider, [...withConcern, concernCleared('con-1')]).state();
    expect(state.concerns['con-1'].cleared).toBe(true);
    expect(state.candidates['cand-1'].openConcerns).toEqual([]);
    expect(candidateBlocked(state, 'cand-1')).toBe(false);
  });

  it('refuses to clear a concern never recorded, or already cleared', () => {
    given(tracingDecider, [started]).when(clearConcern('con-9')).thenRefuses('no-such-concern');
    given(tracingDecider, [
      started,
      proposed('cand-1'),
      concernRecorded('con-1', 'cand-1'),
      concernCleared('con-1'),
    ])
      .when(clearConcern('con-1'))
      .thenRefuses('concern-already-cleared');
  });

  it('marks a family do-not-contact once, which blocks it', () => {
    given(tracingDecider, [started, proposed('cand-1')])
      .when(markDoNotContact('cand-1'))
      .then([doNotContact('cand-1')]);
    given(tracingDecider, [started, proposed('cand-1'), doNotContact('cand-1')])
      .when(markDoNotContact('cand-1'))
      .thenNothingHappens();
    const state = given(tracingDecider, [
      started,
      proposed('cand-1'),
      doNotContact('cand-1'),
    ]).state();
    expect(candidateBlocked(state, 'cand-1')).toBe(true);
  });

  it('refuses do-not-contact for a candidate never proposed', () => {
    given(tracingDecider, [started])
      .when(markDoNotContact('cand-9'))
      .thenRefuses('no-such-candidate');
  });
});

describe('family found', () => {
  it('records the family found on a confirmed candidate and answered inquiries, naming the family members', () => {
    const [event] = given(tracingDecider, motherConfirmed)
      .when(recordFamilyFound())
      .then([familyFound()]);
    expect(event.subjectIds).toEqual([clientId, motherId].sort());
    expect(given(tracingDecider, [...motherConfirmed, event]).state().status).toBe('familyFound');
  });

  it('refuses family found without a confirmed candidate', () => {
    const unconfirmed: TracingEvent[] = [
      started,
      inquirySent('inq-village', 'village'),
      answered('inq-village'),
      proposed('cand-1'),
    ];
    const refusal = given(tracingDecider, unconfirmed)
      .when(recordFamilyFound())
      .thenRefuses('no-confirmed-candidate');
    expect(refusal.message).toMatch(/confirm the candidate first/);
    given(tracingDecider, [...unconfirmed, rejected('cand-1')])
      .when(recordFamilyFound())
      .thenRefuses('no-confirmed-candidate');
    given(tracingDecider, motherConfirmed)
      .when(recordFamilyFound('cand-9'))
      .thenRefuses('no-confirmed-candidate');
  });

  it('refuses family found while a safety concern about it is open: a supervisor must clear it first', () => {
    const refusal = given(tracingDecider, [...motherConfirmed, concernRecorded('con-1', 'cand-1')])
      .when(recordFamilyFound())
      .thenRefuses('safety-concern-open');
    expect(refusal.message).toMatch(/a supervisor must clear it first/);
  });

  it('records family found once a supervisor has cleared the concern', () => {
    given(tracingDecider, [
      ...motherConfirmed,
      concernRecorded('con-1', 'cand-1'),
      concernCleared('con-1'),
    ])
      .when(recordFamilyFound())
      .then([familyFound()]);
  });

  it('refuses family found for a family marked do-not-contact', () => {
    given(tracingDecider, [...motherConfirmed, doNotContact('cand-1')])
      .when(recordFamilyFound())
      .thenRefuses('do-not-contact');
  });

  it('refuses family found resting on an inquiry with no answer', () => {
    const withWaiting: TracingEvent[] = [
      ...motherConfirmed,
      inquirySent('inq-dukcapil', 'disdukcapil'),
    ];
    const refusal = given(tracingDecider, withWaiting)
      .when(recordFamilyFound('cand-1', ['inq-village', 'inq-dukcapil', 'inq-unknown']))
      .thenRefuses('evidence-not-answered');
    expect(refusal.message).toMatch(/inquiries inq-dukcapil, inq-unknown have no answer/);
  });

  it('accepts an inquiry answered late, or answered by Disdukcapil, as evidence', () => {
    given(tracingDecider, [
      ...motherConfirmed,
      inquirySent('inq-dukcapil', 'disdukcapil'),
      overdue('inq-dukcapil'),
      verified('inq-dukcapil'),
    ])
      .when(recordFamilyFound('cand-1', ['inq-village', 'inq-dukcapil']))
      .then([familyFound('cand-1', ['inq-village', 'inq-dukcapil'])]);
  });

  it('refuses family found once the tracing is closed, or before it starts', () => {
    given(tracingDecider, [...motherConfirmed, familyFound()])
      .when(recordFamilyFound())
      .thenRefuses('tracing-closed');
    given(tracingDecider).when(recordFamilyFound()).thenRefuses('tracing-not-started');
  });
});

describe('family not found, and reopening', () => {
  const notFound: Command<'RecordFamilyNotFound'> = {
    type: 'RecordFamilyNotFound',
    reason: notFoundReason,
  };
  const reopen: Command<'Reopen'> = {
    type: 'Reopen',
    reason: sealed('a neighbour recognised the child'),
  };

  it('records the family not found with each channel tried once', () => {
    given(tracingDecider, [
      started,
      inquirySent('inq-village', 'village'),
      inquirySent('inq-dukcapil', 'disdukcapil'),
      overdue('inq-village'),
      inquirySent('inq-village-2', 'village'),
    ])
      .when(notFound)
      .then([familyNotFound(['village', 'disdukcapil'])]);
    expect(given(tracingDecider, closedAsNotFound).state().status).toBe('familyNotFound');
  });

  it('refuses family not found before any inquiry was sent: never without trying', () => {
    given(tracingDecider, [started]).when(notFound).thenRefuses('no-inquiry-sent');
  });

  it('refuses family not found once the tracing is closed', () => {
    given(tracingDecider, closedAsNotFound).when(notFound).thenRefuses('tracing-closed');
    given(tracingDecider, [...motherConfirmed, familyFound()])
      .when(notFound)
      .thenRefuses('tracing-closed');
  });

  it('reopens after family not found on new information, and inquiries go out again', () => {
    given(tracingDecider, closedAsNotFound).when(reopen).then([reopened]);
    const state = given(tracingDecider, [...closedAsNotFound, reopened]).state();
    expect(state.status).toBe('tracing');
    expect(state.reopenedTimes).toBe(1);
    given(tracingDecider, [...closedAsNotFound, reopened])
      .when(sendInquiry('inq-police', 'police'))
      .then([inquirySent('inq-police', 'police')]);
  });

  it('reopens only a tracing closed as family not found', () => {
    given(tracingDecider, [started]).when(reopen).thenRefuses('not-closed-as-not-found');
    given(tracingDecider, [...motherConfirmed, familyFound()])
      .when(reopen)
      .thenRefuses('not-closed-as-not-found');
    given(tracingDecider, [...closedAsNotFound, reopened])
      .when(reopen)
      .thenRefuses('not-closed-as-not-found');
  });

  it('refuses to reopen a tracing that never started', () => {
    given(tracingDecider).when(reopen).thenRefuses('tracing-not-started');
  });
});

describe('what the views need', () => {
  it('lists the inquiries still waiting for an answer, overdue ones included', () => {
    const state = given(tracingDecider, [
      started,
      inquirySent('inq-village', 'village'),
      inquirySent('inq-district', 'district'),
      inquirySent('inq-dukcapil', 'disdukcapil'),
      answered('inq-village'),
      overdue('inq-district'),
    ]).state();
    expect(inquiriesWaiting(state)).toEqual(['inq-district', 'inq-dukcapil']);
  });

  it('tells a blocked candidate from a free one, and an unknown one is not blocked', () => {
    const state = given(tracingDecider, [
      started,
      proposed('cand-1'),
      proposed('cand-2', uncleId),
      concernRecorded('con-1', 'cand-1'),
    ]).state();
    expect(candidateBlocked(state, 'cand-1')).toBe(true);
    expect(candidateBlocked(state, 'cand-2')).toBe(false);
    expect(candidateBlocked(state, 'cand-9')).toBe(false);
  });
});

describe('the contracts', () => {
  it('decides only what the contracts accept: a personal value in plaintext never gets through', () => {
    expect(() =>
      given(tracingDecider, [started, inquirySent('inq-village', 'village')])
        .when({
          ...recordAnswer('inq-village'),
          answer: 'the family lives in Karangasih' as unknown as Command<'RecordAnswer'>['answer'],
        })
        .then([]),
    ).toThrow(UncataloguedEventError);
  });
});
