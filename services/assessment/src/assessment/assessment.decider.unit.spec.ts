import { examples, type EventPayload, type Recommendation } from '@dinsos/contracts';
import { UncataloguedEventError, cataloguedEvent, given } from '@dinsos/platform/domain';
import {
  assessmentDecider,
  assessmentStreamId,
  daysWithoutNote,
  shelterCareClock,
  type AssessmentCommand,
  type AssessmentEvent,
  type ClockStart,
  type ClockStop,
} from './assessment.decider';

// ---- builders ---------------------------------------------------------------------------------

type Command<T extends AssessmentCommand['type']> = Extract<AssessmentCommand, { type: T }>;

const clientId = examples.exampleIds.clientId;
const sealed = (label: string) => examples.exampleEncryptedField(`key-${clientId}`, label);
const caseNumber = '3603-2026-000001';
const siti = 'peksos-siti';
const budi = 'peksos-budi';
const rina = 'supervisor-rina';
const shelterStep = 'further-assessment-and-basic-rehabilitation';

/** Seed 004 (Bekasi): no approval; seed 000 (Banten): a supervisor approves. */
const noApproval = {
  outcomes: ['traceFamily', 'returnHome', 'continueWithLks', 'healthReferral'] as Recommendation[],
  supervisorApproval: false,
};
const withApproval = {
  outcomes: ['returnHome', 'healthReferral', 'institutionCare'] as Recommendation[],
  supervisorApproval: true,
};

const start: Command<'StartAssessment'> = {
  type: 'StartAssessment',
  caseNumber,
  clientId,
  clientCategory: 'neglectedChild',
  owningOfficeCode: '3603',
  custodian: { kind: 'shelter', organisation: { name: 'Rumah Singgah Bekasi' } },
  serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
  steps: [shelterStep],
};
const { type: _start, ...startedPayload } = start;
const started = cataloguedEvent('AssessmentStarted', startedPayload);

/** The basic-rehabilitation clock of seed 004: the client was handed over to the shelter. */
const shelterClock: ClockStart = {
  clock: 'basic-rehabilitation',
  step: shelterStep,
  startedBy: 'ClientHandedOverToShelter',
  startedAt: '2026-03-02T10:00:00+07:00',
  startDate: '2026-03-02',
  dueDate: '2026-03-09',
  dueAt: '2026-03-09T23:59:59+07:00',
};
const startShelterClock: Command<'RecordClocks'> = {
  type: 'RecordClocks',
  started: [shelterClock],
  stopped: [],
};
const shelterClockPayload = shelterClock;
const shelterClockStarted = cataloguedEvent('AssessmentClockStarted', shelterClockPayload);

/** The whole service's clock, the only one under seed 000: no step of its own. */
const wholeServiceClockStarted = cataloguedEvent('AssessmentClockStarted', {
  clock: 'whole-service',
  startedBy: 'ReportReceived',
  startedAt: '2026-03-02T09:15:00+07:00',
  startDate: '2026-03-02',
  dueDate: '2027-03-01',
  dueAt: '2027-03-01T23:59:59+07:00',
});

const shelterClockStop = (stopDate: string): ClockStop => ({
  clock: 'basic-rehabilitation',
  stoppedBy: 'ClientReturnedHome',
  stoppedAt: `${stopDate}T14:00:00+07:00`,
  stopDate,
});
const stopShelterClock = (stopDate: string): Command<'RecordClocks'> => ({
  type: 'RecordClocks',
  started: [],
  stopped: [shelterClockStop(stopDate)],
});
const shelterClockStopped = (stopDate: string) =>
  cataloguedEvent('AssessmentClockStopped', shelterClockStop(stopDate));

const assigned = (socialWorkerId: string, previous?: { id: string; reason: string }) =>
  cataloguedEvent('SocialWorkerAssigned', {
    socialWorkerId,
    how: 'assignedBySupervisor',
    ...(previous ? { previousSocialWorkerId: previous.id, reason: previous.reason } : {}),
  });

const transferred = (toOfficeCode: string, previousSocialWorkerId?: string) =>
  cataloguedEvent('AssessmentTransferred', {
    fromOfficeCode: '3603',
    toOfficeCode,
    transferredAt: '2026-03-03T08:00:00+07:00',
    ...(previousSocialWorkerId ? { previousSocialWorkerId } : {}),
  });

const findings = {
  physicalCondition: sealed('physicalCondition'),
  health: sealed('health'),
  needsMedicalCare: false,
  psychologicalState: sealed('psychologicalState'),
  education: { status: 'droppedOut' as const, level: 'SD kelas 4' },
  familyAndOrigin: sealed('familyAndOrigin'),
  risks: { riskAtHome: 'medium' as const, details: sealed('risks') },
  needs: ['safeShelter' as const, 'familyReunification' as const],
  childView: sealed('childView'),
  attachments: [],
};

const recordAssessment = (
  overrides: Partial<Command<'RecordAssessment'>> = {},
): Command<'RecordAssessment'> => ({
  type: 'RecordAssessment',
  actorId: siti,
  assessedOn: '2026-03-03',
  today: '2026-03-03',
  ...findings,
  ...overrides,
});

const recorded = (assessmentNumber: number, assessedOn = '2026-03-03') =>
  cataloguedEvent('AssessmentRecorded', {
    clientId,
    assessmentNumber,
    kind: assessmentNumber === 1 ? 'initial' : 'further',
    assessedOn,
    ...findings,
  });

const recordNote = (
  day: string,
  overrides: Partial<Command<'RecordRehabilitationNote'>> = {},
): Command<'RecordRehabilitationNote'> => ({
  type: 'RecordRehabilitationNote',
  actorId: budi,
  day,
  today: '2026-03-05',
  services: ['meals', 'counselling'],
  ...overrides,
});

const noteRecorded = (day: string) =>
  cataloguedEvent('RehabilitationNoteRecorded', {
    clientId,
    day,
    services: ['meals', 'counselling'],
  });

const recommend = (
  recommendation: Recommendation,
  policy = noApproval,
  actorId = siti,
): Command<'MakeRecommendation'> => ({
  type: 'MakeRecommendation',
  actorId,
  recommendation,
  reasons: sealed(`reasons ${recommendation}`),
  childView: sealed(`childView ${recommendation}`),
  policy,
});

const recommendationFields = (recommendationNumber: number, recommendation: Recommendation) => ({
  clientId,
  recommendationNumber,
  recommendation,
  reasons: sealed(`reasons ${recommendation}`),
  childView: sealed(`childView ${recommendation}`),
});
const submitted = (number: number, recommendation: Recommendation) =>
  cataloguedEvent('RecommendationSubmitted', recommendationFields(number, recommendation));
const made = (number: number, recommendation: Recommendation, approvedBy?: string) =>
  cataloguedEvent('RecommendationMade', {
    ...recommendationFields(number, recommendation),
    ...(approvedBy ? { approvedBy } : {}),
  });
const rejected = (recommendationNumber: number) =>
  cataloguedEvent('RecommendationRejected', {
    clientId,
    recommendationNumber,
    reason: sealed('rejection'),
  });

/** A started case with Siti assigned and the initial assessment recorded. */
const assessed: AssessmentEvent[] = [started, assigned(siti), recorded(1)];
/** Seed 004: in the shelter since 2026-03-02. */
const inShelter: AssessmentEvent[] = [shelterClockStarted, started];

// ---- specs ------------------------------------------------------------------------------------

describe('starting the assessment', () => {
  it('lives in the stream assessment-<caseId>', () => {
    expect(assessmentStreamId(caseNumber)).toBe('assessment-3603-2026-000001');
  });

  it('starts for the case intake opened, naming its client as the data subject', () => {
    const [event] = given(assessmentDecider).when(start).then([started]);
    expect(event.subjectIds).toEqual([clientId]);
  });

  it('starts once, however often intake asks', () => {
    given(assessmentDecider, [started]).when(start).thenNothingHappens();
  });

  it('refuses to start when the standard gives the assessment no steps', () => {
    given(assessmentDecider)
      .when({ ...start, steps: [] })
      .thenRefuses('no-assessment-steps');
  });

  it('remembers the case, client, owning office, custodian, pinned standard and steps', () => {
    expect(given(assessmentDecider, [started]).state()).toEqual({
      status: 'started',
      caseNumber,
      clientId,
      clientCategory: 'neglectedChild',
      officeCode: '3603',
      custodian: start.custodian,
      serviceStandard: start.serviceStandard,
      steps: [shelterStep],
      clocks: {},
      transfers: [],
      assessments: [],
      rehabilitationNotes: {},
      recommendations: [],
    });
  });
});

describe('time limits of the pinned standard', () => {
  it('starts a clock even before the case opens, and only once', () => {
    given(assessmentDecider).when(startShelterClock).then([shelterClockStarted]);
    given(assessmentDecider, [shelterClockStarted]).when(startShelterClock).thenNothingHappens();
  });

  it('leaves out the step for a clock of the whole service', () => {
    given(assessmentDecider)
      .when({ type: 'RecordClocks', started: [wholeServiceClockStarted.payload], stopped: [] })
      .then([wholeServiceClockStarted]);
  });

  it('stops every clock one event stops: a return home ends the whole service and the shelter care', () => {
    const wholeServiceStop = { ...shelterClockStop('2026-03-06'), clock: 'whole-service' };
    given(assessmentDecider, [wholeServiceClockStarted, shelterClockStarted, started])
      .when({
        type: 'RecordClocks',
        started: [],
        stopped: [wholeServiceStop, shelterClockStop('2026-03-06')],
      })
      .then([
        cataloguedEvent('AssessmentClockStopped', wholeServiceStop),
        shelterClockStopped('2026-03-06'),
      ]);
  });

  it('stops a clock, even one whose start has not arrived yet, and only once', () => {
    given(assessmentDecider, [started])
      .when(stopShelterClock('2026-03-06'))
      .then([shelterClockStopped('2026-03-06')]);
    given(assessmentDecider)
      .when(stopShelterClock('2026-03-06'))
      .then([shelterClockStopped('2026-03-06')]);
    given(assessmentDecider, [shelterClockStarted, shelterClockStopped('2026-03-06')])
      .when(stopShelterClock('2026-03-07'))
      .thenNothingHappens();
  });

  it('still records the start of a clock whose stop came first, and merges the two', () => {
    const stopFirst = [shelterClockStopped('2026-03-06')];
    given(assessmentDecider, stopFirst).when(startShelterClock).then([shelterClockStarted]);
    const clock = given(assessmentDecider, [...stopFirst, shelterClockStarted]).state().clocks[
      'basic-rehabilitation'
    ];
    expect(clock).toEqual({
      code: 'basic-rehabilitation',
      step: shelterStep,
      startedBy: 'ClientHandedOverToShelter',
      startedAt: '2026-03-02T10:00:00+07:00',
      startDate: '2026-03-02',
      dueDate: '2026-03-09',
      dueAt: '2026-03-09T23:59:59+07:00',
      stoppedBy: 'ClientReturnedHome',
      stoppedAt: '2026-03-06T14:00:00+07:00',
      stopDate: '2026-03-06',
    });
  });

  it("finds the shelter-care clock by its assessment step (seed 004), and none under seed 000's", () => {
    expect(shelterCareClock(given(assessmentDecider, inShelter).state())).toMatchObject({
      code: 'basic-rehabilitation',
      startDate: '2026-03-02',
    });
    const seed000 = given(assessmentDecider, [wholeServiceClockStarted, started]).state();
    expect(shelterCareClock(seed000)).toBeUndefined();
  });
});

describe('transfers between offices', () => {
  const transfer: Command<'RecordTransfer'> = {
    type: 'RecordTransfer',
    fromOfficeCode: '3603',
    toOfficeCode: '3275',
    transferredAt: '2026-03-03T08:00:00+07:00',
  };

  it('moves the assessment to the new office and frees it for that office to assign', () => {
    given(assessmentDecider, [started, assigned(siti)])
      .when(transfer)
      .then([transferred('3275', siti)]);
    const state = given(assessmentDecider, [
      started,
      assigned(siti),
      transferred('3275', siti),
    ]).state();
    expect(state.officeCode).toBe('3275');
    expect(state.socialWorkerId).toBeUndefined();
  });

  it('is recorded even before the assessment starts, without a previous social worker', () => {
    given(assessmentDecider)
      .when(transfer)
      .then([transferred('3275')]);
  });

  it('keeps the office of a transfer recorded before the start (events of two topics reorder)', () => {
    expect(given(assessmentDecider, [transferred('3275'), started]).state().officeCode).toBe(
      '3275',
    );
  });

  it('records the same transfer once, but a later transfer back and forth again', () => {
    given(assessmentDecider, [started, transferred('3275')])
      .when(transfer)
      .thenNothingHappens();
    const back = cataloguedEvent('AssessmentTransferred', {
      fromOfficeCode: '3275',
      toOfficeCode: '3603',
      transferredAt: '2026-03-04T08:00:00+07:00',
    });
    given(assessmentDecider, [started, transferred('3275'), back])
      .when(transfer)
      .then([transferred('3275')]);
  });
});

describe('assigning the social worker', () => {
  const assign = (socialWorkerId: string, reason?: string): Command<'AssignSocialWorker'> => ({
    type: 'AssignSocialWorker',
    socialWorkerId,
    how: 'assignedBySupervisor',
    ...(reason ? { reason } : {}),
  });

  it('refuses before the assessment starts', () => {
    given(assessmentDecider).when(assign(siti)).thenRefuses('assessment-not-started');
  });

  it('assigns a social worker, or lets one take the case', () => {
    given(assessmentDecider, [started])
      .when(assign(siti))
      .then([assigned(siti)]);
    given(assessmentDecider, [started])
      .when({ type: 'AssignSocialWorker', socialWorkerId: budi, how: 'takenBySocialWorker' })
      .then([
        cataloguedEvent('SocialWorkerAssigned', {
          socialWorkerId: budi,
          how: 'takenBySocialWorker',
        }),
      ]);
  });

  it('records nothing when the same social worker is assigned again', () => {
    given(assessmentDecider, [started, assigned(siti)])
      .when(assign(siti))
      .thenNothingHappens();
  });

  it('reassigns only with a reason, naming who was responsible before', () => {
    const refusal = given(assessmentDecider, [started, assigned(siti)])
      .when(assign(budi))
      .thenRefuses('reassignment-needs-reason');
    expect(refusal.message).toContain('say why it changes hands');
    given(assessmentDecider, [started, assigned(siti)])
      .when(assign(budi, '   '))
      .thenRefuses('reassignment-needs-reason');
    given(assessmentDecider, [started, assigned(siti)])
      .when(assign(budi, 'Siti is on leave'))
      .then([assigned(budi, { id: siti, reason: 'Siti is on leave' })]);
  });

  it('keeps a reason given for a first assignment', () => {
    given(assessmentDecider, [started])
      .when(assign(siti, 'Speaks the family language'))
      .then([
        cataloguedEvent('SocialWorkerAssigned', {
          socialWorkerId: siti,
          how: 'assignedBySupervisor',
          reason: 'Speaks the family language',
        }),
      ]);
  });

  it('lets the new office assign its own social worker after a transfer, without a reason', () => {
    given(assessmentDecider, [started, assigned(siti), transferred('3275', siti)])
      .when(assign(budi))
      .then([assigned(budi)]);
  });
});

describe('recording an assessment', () => {
  it('records the initial assessment, then further ones, numbered, naming the client', () => {
    const [initial] = given(assessmentDecider, [started, assigned(siti)])
      .when(recordAssessment())
      .then([recorded(1)]);
    expect(initial.subjectIds).toEqual([clientId]);
    given(assessmentDecider, [started, assigned(siti), recorded(1)])
      .when(recordAssessment({ assessedOn: '2026-03-05', today: '2026-03-05' }))
      .then([recorded(2, '2026-03-05')]);
    expect(
      given(assessmentDecider, [
        started,
        assigned(siti),
        recorded(1),
        recorded(2, '2026-03-05'),
      ]).state().assessments,
    ).toEqual([
      { number: 1, kind: 'initial', assessedOn: '2026-03-03' },
      { number: 2, kind: 'further', assessedOn: '2026-03-05' },
    ]);
  });

  it('refuses before the assessment starts', () => {
    const refusal = given(assessmentDecider)
      .when(recordAssessment())
      .thenRefuses('assessment-not-started');
    expect(refusal.message).toContain('it starts when intake opens the case');
  });

  it('refuses while no social worker is assigned', () => {
    given(assessmentDecider, [started])
      .when(recordAssessment())
      .thenRefuses('no-social-worker-assigned');
  });

  it('is recorded only by the assigned social worker', () => {
    given(assessmentDecider, [started, assigned(siti)])
      .when(recordAssessment({ actorId: budi }))
      .thenRefuses('not-the-assigned-social-worker');
  });

  it('refuses an assessment dated after today, and takes one dated today', () => {
    given(assessmentDecider, [started, assigned(siti)])
      .when(recordAssessment({ assessedOn: '2026-03-04', today: '2026-03-03' }))
      .thenRefuses('assessed-in-the-future');
    given(assessmentDecider, [started, assigned(siti)])
      .when(recordAssessment({ assessedOn: '2026-03-03', today: '2026-03-03' }))
      .then([recorded(1)]);
  });
});

describe('notes of basic rehabilitation in the shelter', () => {
  it('records a day of care; any social worker of the office may, with or without a note', () => {
    given(assessmentDecider, [...inShelter, assigned(siti)])
      .when(recordNote('2026-03-03'))
      .then([noteRecorded('2026-03-03')]);
    given(assessmentDecider, inShelter)
      .when(recordNote('2026-03-03', { note: sealed('note') }))
      .then([
        cataloguedEvent('RehabilitationNoteRecorded', {
          clientId,
          day: '2026-03-03',
          services: ['meals', 'counselling'],
          note: sealed('note'),
        }),
      ]);
  });

  it('refuses before the assessment starts', () => {
    given(assessmentDecider, [shelterClockStarted])
      .when(recordNote('2026-03-03'))
      .thenRefuses('assessment-not-started');
  });

  it('refuses when the standard has no shelter care, or the handover has not reached assessment', () => {
    const refusal = given(assessmentDecider, [wholeServiceClockStarted, started])
      .when(recordNote('2026-03-03'))
      .thenRefuses('no-shelter-care');
    expect(refusal.message).toContain('no basic rehabilitation in a shelter');
    given(assessmentDecider, [started])
      .when(recordNote('2026-03-03'))
      .thenRefuses('no-shelter-care');
    given(assessmentDecider, [started, shelterClockStopped('2026-03-06')])
      .when(recordNote('2026-03-03'))
      .thenRefuses('no-shelter-care');
  });

  it('refuses a day before the client came to the shelter or after the client left', () => {
    const left = [...inShelter, shelterClockStopped('2026-03-06')];
    given(assessmentDecider, left)
      .when(recordNote('2026-03-01'))
      .thenRefuses('day-outside-shelter-care');
    const refusal = given(assessmentDecider, left)
      .when(recordNote('2026-03-07', { today: '2026-03-08' }))
      .thenRefuses('day-outside-shelter-care');
    expect(refusal.message).toContain(
      'the client was in the shelter from 2026-03-02 until 2026-03-06',
    );
    given(assessmentDecider, left)
      .when(recordNote('2026-03-06', { today: '2026-03-08' }))
      .then([noteRecorded('2026-03-06')]);
  });

  it('refuses a day that has not come yet', () => {
    given(assessmentDecider, inShelter)
      .when(recordNote('2026-03-06', { today: '2026-03-05' }))
      .thenRefuses('day-outside-shelter-care');
  });

  it('goes on past the 7 days until custody leaves the shelter', () => {
    given(assessmentDecider, inShelter)
      .when(recordNote('2026-03-12', { today: '2026-03-12' }))
      .then([noteRecorded('2026-03-12')]);
  });

  it('records one note a day', () => {
    given(assessmentDecider, [...inShelter, noteRecorded('2026-03-03')])
      .when(recordNote('2026-03-03'))
      .thenRefuses('note-already-recorded');
  });
});

describe('days of shelter care without a note', () => {
  it('lists the days from the handover to today that have no note, ascending', () => {
    const state = given(assessmentDecider, [
      ...inShelter,
      noteRecorded('2026-03-02'),
      noteRecorded('2026-03-04'),
    ]).state();
    expect(daysWithoutNote(state, '2026-03-05')).toEqual(['2026-03-03', '2026-03-05']);
  });

  it('ends on the day the client left the shelter', () => {
    const state = given(assessmentDecider, [
      ...inShelter,
      noteRecorded('2026-03-02'),
      shelterClockStopped('2026-03-04'),
    ]).state();
    expect(daysWithoutNote(state, '2026-03-10')).toEqual(['2026-03-03', '2026-03-04']);
  });

  it('counts across the end of a month', () => {
    const state = given(assessmentDecider, [
      cataloguedEvent('AssessmentClockStarted', {
        ...shelterClockPayload,
        startDate: '2026-02-27',
      }),
      started,
    ]).state();
    expect(daysWithoutNote(state, '2026-03-02')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
  });

  it('is empty without shelter care', () => {
    expect(daysWithoutNote(given(assessmentDecider, [started]).state(), '2026-03-05')).toEqual([]);
  });
});

describe('recommending what comes next', () => {
  it('makes the recommendation at once where the standard asks no approval', () => {
    const [event] = given(assessmentDecider, assessed)
      .when(recommend('traceFamily'))
      .then([made(1, 'traceFamily')]);
    expect(event.subjectIds).toEqual([clientId]);
  });

  it("submits it for a supervisor's approval where the standard asks one", () => {
    given(assessmentDecider, assessed)
      .when(recommend('returnHome', withApproval))
      .then([submitted(1, 'returnHome')]);
  });

  it('refuses before the assessment starts', () => {
    given(assessmentDecider)
      .when(recommend('healthReferral'))
      .thenRefuses('assessment-not-started');
  });

  it("refuses an outcome the case's standard does not allow, listing the allowed ones", () => {
    const refusal = given(assessmentDecider, assessed)
      .when(recommend('institutionCare'))
      .thenRefuses('outcome-not-allowed');
    expect(refusal.message).toContain(
      'it allows: trace the family, return home, continue with an LKS, health referral',
    );
  });

  it('refuses anything but a health referral before the first assessment', () => {
    const refusal = given(assessmentDecider, [started, assigned(siti)])
      .when(recommend('returnHome'))
      .thenRefuses('recommendation-before-assessment');
    expect(refusal.message).toBe(
      'No assessment has been recorded yet: record the initial assessment before recommending anything but a health referral.',
    );
  });

  it('takes a health referral at any time after the start, even before anyone is assigned', () => {
    given(assessmentDecider, [started])
      .when(recommend('healthReferral', noApproval, 'peksos-on-duty'))
      .then([made(1, 'healthReferral')]);
  });

  it('refuses a new recommendation while one awaits a supervisor', () => {
    given(assessmentDecider, [...assessed, submitted(1, 'returnHome')])
      .when(recommend('institutionCare', withApproval))
      .thenRefuses('recommendation-pending');
  });

  it('is made only by the assigned social worker', () => {
    given(assessmentDecider, assessed)
      .when(recommend('traceFamily', noApproval, budi))
      .thenRefuses('not-the-assigned-social-worker');
  });

  it('may be made again after a supervisor sent one back, under a new number', () => {
    given(assessmentDecider, [...assessed, submitted(1, 'returnHome'), rejected(1)])
      .when(recommend('institutionCare', withApproval))
      .then([submitted(2, 'institutionCare')]);
  });
});

describe("a supervisor's decision on a submitted recommendation", () => {
  const approve = (recommendationNumber: number): Command<'ApproveRecommendation'> => ({
    type: 'ApproveRecommendation',
    recommendationNumber,
    supervisorId: rina,
  });
  const reject = (recommendationNumber: number): Command<'RejectRecommendation'> => ({
    type: 'RejectRecommendation',
    recommendationNumber,
    reason: sealed('rejection'),
  });
  const pending = [...assessed, submitted(1, 'returnHome')];

  it('approving makes the submitted recommendation stand, naming the supervisor', () => {
    given(assessmentDecider, pending)
      .when(approve(1))
      .then([made(1, 'returnHome', rina)]);
  });

  it('rejecting sends it back with the reason', () => {
    given(assessmentDecider, pending)
      .when(reject(1))
      .then([rejected(1)]);
  });

  it('refuses a recommendation the case does not have', () => {
    given(assessmentDecider, pending).when(approve(2)).thenRefuses('no-such-recommendation');
    given(assessmentDecider, pending).when(reject(2)).thenRefuses('no-such-recommendation');
  });

  it('refuses one that already stands', () => {
    const approved = [...pending, made(1, 'returnHome', rina)];
    const refusal = given(assessmentDecider, approved)
      .when(approve(1))
      .thenRefuses('recommendation-already-approved');
    expect(refusal.message).toContain('already stands');
    given(assessmentDecider, approved)
      .when(reject(1))
      .thenRefuses('recommendation-already-approved');
    given(assessmentDecider, [...assessed, made(1, 'traceFamily')])
      .when(approve(1))
      .thenRefuses('recommendation-already-approved');
  });

  it('refuses one already sent back', () => {
    const sentBack = [...pending, rejected(1)];
    given(assessmentDecider, sentBack).when(approve(1)).thenRefuses('recommendation-rejected');
    given(assessmentDecider, sentBack).when(reject(1)).thenRefuses('recommendation-rejected');
  });

  it('shows each recommendation with where it stands', () => {
    const state = given(assessmentDecider, [
      ...pending,
      rejected(1),
      submitted(2, 'institutionCare'),
      made(2, 'institutionCare', rina),
    ]).state();
    expect(state.recommendations).toEqual([
      {
        number: 1,
        recommendation: 'returnHome',
        status: 'rejected',
        reasons: sealed('reasons returnHome'),
        childView: sealed('childView returnHome'),
        rejectionReason: sealed('rejection'),
      },
      {
        number: 2,
        recommendation: 'institutionCare',
        status: 'made',
        reasons: sealed('reasons institutionCare'),
        childView: sealed('childView institutionCare'),
        approvedBy: rina,
      },
    ]);
  });
});

describe('the contracts', () => {
  it('refuse to let a decided event through that they do not accept (a plaintext personal value)', () => {
    const plaintext =
      'Anak demam tinggi' as unknown as EventPayload<'RecommendationMade'>['reasons'];
    expect(() =>
      given(assessmentDecider, [started])
        .when({ ...recommend('healthReferral'), reasons: plaintext })
        .then([]),
    ).toThrow(UncataloguedEventError);
  });
});
