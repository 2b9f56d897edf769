import {
  bantenOfficeDirectory,
  serviceStandards,
  type ServiceStandardCatalogue,
} from '@dinsos/service-standards';
import type { CaseEventInput } from './case-event';
import {
  evolveCaseSummary,
  foldCaseSummary,
  initialCaseSummary,
  type CaseSummary,
} from './case-summary';
import {
  bekasi,
  enc,
  eventLog,
  family,
  frozen,
  hospital,
  ids,
  issued,
  panti,
  person,
  positionOf,
  shelter,
} from './testing/case-events';
import {
  bantenCaseId,
  bantenPath,
  bekasiAssessmentAndTracing,
  bekasiCaseId,
  bekasiOpening,
  bekasiPath,
  upTo,
} from './testing/scenarios';

const fold = (events: readonly CaseEventInput[], caseId = bekasiCaseId) =>
  foldCaseSummary(caseId, events);

/** A catalogue that also knows an office in WITA (East Kalimantan's Balikpapan). */
const withWitaOffice: ServiceStandardCatalogue = serviceStandards.with({
  offices: bantenOfficeDirectory.with([
    {
      code: '6471',
      regionName: 'Kota Balikpapan',
      officeName: 'Dinas Sosial Kota Balikpapan',
      level: 'city',
      timeZone: 'Asia/Makassar',
    },
  ]),
});

describe('intake', () => {
  it('a report alone is a case in intake, pinned, owned by the receiving office, its clocks started', () => {
    const [report] = bekasiOpening().events;
    const summary = fold([report]);
    expect(summary).toMatchObject({
      caseId: bekasiCaseId,
      caseNumber: bekasiCaseId,
      clientId: ids.clientId,
      clientCategory: 'neglectedChild',
      pinnedStandard: bekasi,
      receivingOfficeCode: '3603',
      owningOfficeCode: '3603',
      timeZone: 'Asia/Jakarta',
      stage: 'intake',
      reportedAt: '2026-03-02T09:00:00+07:00',
      openedAt: null,
      custodian: null,
      intake: { sourceKind: 'police', clientRegistered: false, requirementsComplete: null },
    });
    expect(summary.stages).toEqual([
      {
        stage: 'intake',
        startedAt: '2026-03-02T09:00:00+07:00',
        endedAt: null,
        enteredBy: 'ReportReceived',
      },
    ]);
    // Seed 004: the whole service's 7 calendar days from the report; the shelter's 7 days wait
    // for the handover.
    expect(summary.clocks).toEqual([
      expect.objectContaining({
        code: 'whole-service',
        step: null,
        status: 'running',
        officeCode: '3603',
        startedBy: 'ReportReceived',
        startDate: '2026-03-02',
        dueDate: '2026-03-09',
        dueAt: '2026-03-09T23:59:59.999+07:00',
      }),
      expect.objectContaining({
        code: 'basic-rehabilitation',
        step: 'further-assessment-and-basic-rehabilitation',
        status: 'notStarted',
        dueAt: null,
      }),
    ]);
  });

  it('registration, the requirements check and the shelter handover (custody, the shelter clock)', () => {
    const events = upTo(bekasiOpening().events, 'ClientHandedOverToShelter');
    const summary = fold(events);
    expect(summary.stage).toBe('intake');
    expect(summary.intake).toEqual({
      sourceKind: 'police',
      clientRegistered: true,
      requirementsComplete: true,
      missingRequirements: [],
      handedOverToShelterAt: '2026-03-02T10:00:00+07:00',
      biometricsRecordedAt: null,
    });
    expect(summary.custodian).toEqual(shelter);
    expect(summary.clocks[1]).toMatchObject({
      code: 'basic-rehabilitation',
      status: 'running',
      startedBy: 'ClientHandedOverToShelter',
      dueDate: '2026-03-09',
    });
  });

  it('missing requirements are listed by code', () => {
    const event = eventLog({ caseId: bekasiCaseId, officeCode: '3603', serviceStandard: bekasi });
    const summary = fold([
      event('RequirementsChecked', '2026-03-02T09:10:00+07:00', {
        requirements: [
          { code: 'covering-letter', status: 'missing', reason: 'Not brought' },
          { code: 'identity-document', status: 'met' },
        ],
        complete: false,
      }),
    ]);
    expect(summary.intake.requirementsComplete).toBe(false);
    expect(summary.intake.missingRequirements).toEqual(['covering-letter']);
  });

  it('CaseOpened opens the case in assessment; the same custodian told again is one custody', () => {
    const summary = fold(bekasiOpening().events);
    expect(summary).toMatchObject({
      stage: 'assessment',
      openedAt: '2026-03-02T10:05:00+07:00',
      owningOfficeCode: '3603',
      assessment: { status: 'awaitingSocialWorker', startedAt: '2026-03-02T10:06:00+07:00' },
      placement: { status: 'open', reviewIntervalMonths: 1, atRiskDays: 2 },
    });
    // Intake's handover, CaseOpened's first custodian and placement's CustodyRecorded name the
    // same shelter: one line in the ledger.
    expect(summary.custody).toEqual([
      {
        custodian: shelter,
        since: '2026-03-02T10:00:00+07:00',
        until: null,
        openedBy: 'ClientHandedOverToShelter',
      },
    ]);
    expect(
      summary.stages.map((period) => [period.stage, period.startedAt, period.endedAt]),
    ).toEqual([
      ['intake', '2026-03-02T09:00:00+07:00', '2026-03-02T10:05:00+07:00'],
      ['assessment', '2026-03-02T10:05:00+07:00', null],
    ]);
  });
});

describe('assessment and tracing', () => {
  const opening = () => bekasiOpening();

  it('the social worker, the assessments, the notes and the recommendation', () => {
    const { event, events } = opening();
    const rest = bekasiAssessmentAndTracing(event);
    const summary = fold([...events, ...upTo(rest, 'RehabilitationNoteRecorded')]);
    expect(summary.assessment).toEqual({
      status: 'assessing',
      startedAt: '2026-03-02T10:06:00+07:00',
      socialWorkerId: 'sw-1',
      assessmentsRecorded: 1,
      lastAssessedOn: '2026-03-03',
      rehabilitationNoteDays: ['2026-03-03'],
      submittedRecommendation: null,
      recommendation: null,
      recommendedAt: null,
      approvedBy: null,
    });
    const recommended = fold([...events, ...upTo(rest, 'RecommendationMade')]);
    expect(recommended.assessment).toMatchObject({
      status: 'recommended',
      recommendation: 'traceFamily',
      recommendedAt: '2026-03-04T10:00:00+07:00',
    });
    expect(recommended.stage).toBe('tracing');
  });

  it('tracing: the officer, the inquiries sent and answered (Disdukcapil too), the outcome', () => {
    const { event, events } = opening();
    const rest = bekasiAssessmentAndTracing(event);
    const waiting = fold([...events, ...upTo(rest, 'InquirySent'), rest[8]]);
    expect(waiting.tracing).toMatchObject({
      status: 'tracing',
      officerId: 'to-1',
      inquiryPeriodDays: 7,
      consentRequired: false,
      outcome: null,
    });
    expect(waiting.tracing.inquiries.map((i) => [i.inquiryId, i.channel, i.answeredOn])).toEqual([
      ['inq-1', 'village', null],
      ['inq-2', 'disdukcapil', null],
    ]);
    expect(waiting.tracing.inquiries[0]).toMatchObject({
      addressee: 'Desa Cikupa',
      sentAt: '2026-03-04T12:00:00+07:00',
      dueAt: '2026-03-07T23:59:59.999+07:00',
    });

    const found = fold([...events, ...rest]);
    expect(found.tracing.inquiries.map((i) => [i.inquiryId, i.answeredOn])).toEqual([
      ['inq-1', '2026-03-06'],
      // Disdukcapil's answer is dated in the office's zone.
      ['inq-2', '2026-03-05'],
    ]);
    expect(found.tracing).toMatchObject({
      status: 'familyFound',
      outcome: 'familyFound',
      outcomeAt: '2026-03-06T10:00:00+07:00',
    });
    expect(found.stage).toBe('placement');
  });

  it('a recommendation sent back waits for the social worker again; approval makes it stand', () => {
    const summaries = bantenPath().reduce<CaseSummary[]>(
      (all, event) => [...all, evolveCaseSummary(all.at(-1)!, event)],
      [initialCaseSummary(bantenCaseId)],
    );
    const statuses = summaries.map((s) => s.assessment.status);
    expect([...new Set(statuses)]).toEqual([
      'notStarted',
      'awaitingSocialWorker',
      'assessing',
      'awaitingApproval',
      'recommended',
    ]);
    const event = eventLog({ caseId: bantenCaseId, officeCode: '36' });
    const rejected = evolveCaseSummary(
      summaries.find((s) => s.assessment.status === 'awaitingApproval')!,
      event(
        'RecommendationRejected',
        '2026-03-07T10:00:00+07:00',
        { clientId: ids.clientId, recommendationNumber: 1, reason: enc('why') },
        { position: positionOf(100) },
      ),
    );
    expect(rejected.assessment).toMatchObject({
      status: 'assessing',
      submittedRecommendation: null,
    });
  });

  it('family not found, then tracing reopened, moves the stage back to tracing', () => {
    const { event, events } = opening();
    const rest = bekasiAssessmentAndTracing(event).slice(0, -1);
    const notFound = event('FamilyNotFound', '2026-03-06T10:00:00+07:00', {
      clientId: ids.clientId,
      channelsTried: ['village', 'disdukcapil'],
      reason: 'No record in the village of origin',
    });
    const reopened = event('TracingReopened', '2026-03-07T10:00:00+07:00', {
      clientId: ids.clientId,
      reason: enc('new information'),
    });
    const summary = fold([...events, ...rest, notFound, reopened]);
    expect(summary.tracing).toMatchObject({ status: 'tracing', outcome: null });
    expect(summary.stages.map((period) => period.stage)).toEqual([
      'intake',
      'assessment',
      'tracing',
      'placement',
      'tracing',
    ]);
  });
});

describe('the Bekasi path (seed 004, bekasi-layanan-rujukan)', () => {
  const summary = fold(bekasiPath());

  it('ends closed, the client home with the family, both clocks met', () => {
    expect(summary).toMatchObject({
      stage: 'closed',
      closedAt: '2026-03-08T10:00:00+07:00',
      custodian: family,
      placement: {
        status: 'closed',
        tracingOutcome: 'familyFound',
        recommendationReceived: 'traceFamily',
        consentState: 'notNeeded',
        returnHome: {
          plannedAt: '2026-03-08T10:00:00+07:00',
          returnedAt: '2026-03-08T10:00:00+07:00',
        },
      },
      closure: {
        closedBy: 'ClientReturnedHome',
        clock: { code: 'whole-service', outcome: 'met' },
      },
    });
    expect(
      summary.clocks.map((clock) => [clock.code, clock.status, clock.stoppedBy, clock.met]),
    ).toEqual([
      ['whole-service', 'stopped', 'ClientReturnedHome', true],
      ['basic-rehabilitation', 'stopped', 'ClientReturnedHome', true],
    ]);
    expect(summary.clocks[0].stopDate).toBe('2026-03-08');
  });

  it('went through every stage once, each period ending where the next began', () => {
    expect(summary.stages).toEqual([
      {
        stage: 'intake',
        startedAt: '2026-03-02T09:00:00+07:00',
        endedAt: '2026-03-02T10:05:00+07:00',
        enteredBy: 'ReportReceived',
      },
      {
        stage: 'assessment',
        startedAt: '2026-03-02T10:05:00+07:00',
        endedAt: '2026-03-04T10:00:00+07:00',
        enteredBy: 'CaseOpened',
      },
      {
        stage: 'tracing',
        startedAt: '2026-03-04T10:00:00+07:00',
        endedAt: '2026-03-06T10:00:00+07:00',
        enteredBy: 'RecommendationMade',
      },
      {
        stage: 'placement',
        startedAt: '2026-03-06T10:00:00+07:00',
        endedAt: '2026-03-08T10:00:00+07:00',
        enteredBy: 'FamilyFound',
      },
      {
        stage: 'closed',
        startedAt: '2026-03-08T10:00:00+07:00',
        endedAt: null,
        enteredBy: 'CaseClosed',
      },
    ]);
  });

  it('the custody ledger: shelter, then family', () => {
    expect(summary.custody).toEqual([
      {
        custodian: shelter,
        since: '2026-03-02T10:00:00+07:00',
        until: '2026-03-08T10:00:00+07:00',
        openedBy: 'ClientHandedOverToShelter',
      },
      {
        custodian: family,
        since: '2026-03-08T10:00:00+07:00',
        until: null,
        openedBy: 'ClientReturnedHome',
      },
    ]);
  });

  it('counts every event and keeps the last one applied', () => {
    const events = bekasiPath();
    expect(summary.eventCount).toBe(events.length);
    expect(summary.lastPosition).toBe(events.at(-1)!.position);
    expect(summary.lastEventId).toBe(events.at(-1)!.eventId);
    expect(summary.lastOccurredAt).toBe('2026-03-08T10:00:00+07:00');
    expect(summary.warnings).toEqual([]);
  });
});

describe('the Banten path (seed 000, banten-rehsos-anak-terlantar)', () => {
  const events = bantenPath();
  const summary = fold(events, bantenCaseId);

  it('is pinned to the province standard, referred from the regency case, owned by the province', () => {
    expect(summary).toMatchObject({
      caseNumber: bantenCaseId,
      pinnedStandard: { code: 'banten-rehsos-anak-terlantar', version: 1 },
      referredFromCaseId: bekasiCaseId,
      owningOfficeCode: '36',
      intake: { sourceKind: 'regencyDinsos', biometricsRecordedAt: '2026-03-09T11:00:00+07:00' },
    });
  });

  it("runs the whole service's year from the report, met by the discharge home", () => {
    expect(summary.clocks).toEqual([
      expect.objectContaining({
        code: 'whole-service',
        step: null,
        unit: 'runningYear',
        startDate: '2026-03-02',
        dueDate: '2027-03-02',
        status: 'stopped',
        stoppedBy: 'DischargedFromInstitution',
        met: true,
      }),
    ]);
  });

  it('needed consent once institution care was recommended, and had it before the referral', () => {
    const recommended = fold(upTo(events, 'RecommendationMade'), bantenCaseId);
    expect(recommended.stage).toBe('placement');
    expect(recommended.assessment.approvedBy).toBe('supervisor-1');
    expect(recommended.placement.consentState).toBe('missing');
    const consented = fold(upTo(events, 'ConsentRecorded'), bantenCaseId);
    expect(consented.placement.consentState).toBe('recorded');
    expect(consented.placement.consents).toEqual([
      { consentId: 'consent-1', giverRole: 'family', letterDate: '2026-03-15' },
    ]);
  });

  it('the institution stay: its limit, reviews due and done, the discharge', () => {
    const reviewed = fold(upTo(events, 'InstitutionStayReviewed'), bantenCaseId);
    expect(reviewed.placement.institution).toEqual({
      institution: 'Panti Sosial Asuhan Anak Serang',
      institutionCode: 'PSAA-01',
      status: 'admitted',
      consentId: 'consent-1',
      referredAt: '2026-03-17T10:00:00+07:00',
      admittedAt: '2026-03-20T10:00:00+07:00',
      nextReviewDueOn: '2026-09-22',
      reviewsDue: 1,
      reviewsDone: 1,
      lastReviewedOn: '2026-06-22',
      limitDate: '2027-03-02',
      extended: false,
      dischargedAt: null,
      dischargedTo: null,
    });
    expect(reviewed.custodian).toEqual(panti);
    expect(summary.placement.institution).toMatchObject({
      status: 'discharged',
      dischargedAt: '2026-12-01T10:00:00+07:00',
      dischargedTo: 'family',
      nextReviewDueOn: null,
    });
    expect(summary.custody.map((period) => period.custodian.kind)).toEqual([
      'office',
      'institution',
      'family',
    ]);
    expect(summary.stage).toBe('closed');
  });

  it('an extension moves the limit; a move to another institution continues the stay there', () => {
    const admitted = fold(upTo(events, 'AdmittedToInstitution'), bantenCaseId);
    const event = eventLog({ caseId: bantenCaseId, officeCode: '36' });
    const other = { code: 'PSAA-02', name: 'Panti Sosial Asuhan Anak Lebak' };
    const after = [
      event(
        'InstitutionStayExtended',
        '2027-02-01T10:00:00+07:00',
        {
          clientId: ids.clientId,
          previousLimitDate: '2027-03-02',
          extendedUntil: '2027-09-01',
          reason: 'School year',
        },
        { position: positionOf(200) },
      ),
      event(
        'DischargedFromInstitution',
        '2027-02-10T10:00:00+07:00',
        {
          clientId: ids.clientId,
          institution: panti.organisation,
          dischargedAt: '2027-02-10T10:00:00+07:00',
          destination: 'otherInstitution',
          previousCustodian: panti,
          custodian: { kind: 'institution', organisation: other },
        },
        { position: positionOf(201) },
      ),
    ].reduce((s, e) => evolveCaseSummary(s, e), admitted);
    expect(after.placement.institution).toMatchObject({
      institution: 'Panti Sosial Asuhan Anak Lebak',
      status: 'admitted',
      admittedAt: '2027-02-10T10:00:00+07:00',
      limitDate: '2027-09-01',
      extended: true,
      reviewsDone: 0,
      // Three months (the policy) from the move, as placement schedules it.
      nextReviewDueOn: '2027-05-10',
    });
  });
});

describe('offices', () => {
  it('a transfer moves ownership, keeps the pin and the due dates, and clears who was assigned', () => {
    const { event, events } = bekasiOpening();
    const [assigned] = bekasiAssessmentAndTracing(event);
    const transferred = event(
      'CaseTransferred',
      '2026-03-03T09:00:00+07:00',
      {
        fromOfficeCode: '3603',
        toOfficeCode: '3601',
        serviceStandard: bekasi,
        reason: 'The family lives in Pandeglang',
      },
      { officeCode: '3601' },
    );
    const assessmentMoved = event(
      'AssessmentTransferred',
      '2026-03-03T09:01:00+07:00',
      {
        fromOfficeCode: '3603',
        toOfficeCode: '3601',
        transferredAt: '2026-03-03T09:00:00+07:00',
        previousSocialWorkerId: 'sw-1',
      },
      { officeCode: '3601' },
    );
    const before = fold([...events, assigned]);
    const after = fold([...events, assigned, transferred, assessmentMoved]);
    expect(before.assessment.socialWorkerId).toBe('sw-1');
    expect(after).toMatchObject({
      owningOfficeCode: '3601',
      receivingOfficeCode: '3603',
      pinnedStandard: bekasi,
      stage: 'assessment',
      assessment: { socialWorkerId: null, status: 'awaitingSocialWorker' },
    });
    expect(after.officeMoves).toEqual([
      {
        kind: 'transfer',
        fromOfficeCode: '3603',
        toOfficeCode: '3601',
        at: '2026-03-03T09:00:00+07:00',
        reason: 'The family lives in Pandeglang',
        eventId: transferred.eventId,
      },
    ]);
    expect(after.clocks).toEqual(before.clocks);
  });

  it("a referral to another office's service is listed; this case keeps its owner", () => {
    const { event, events } = bekasiOpening();
    const referral = event('CaseReferredToOffice', '2026-03-04T10:00:00+07:00', {
      clientId: ids.clientId,
      toOfficeCode: '36',
      reason: 'inInstitutionService',
      letter: issued('460/77/Dinsos', 'referral-letter'),
      issuedAt: '2026-03-04T09:00:00+07:00',
    });
    const summary = fold([...events, referral]);
    expect(summary.owningOfficeCode).toBe('3603');
    expect(summary.officeMoves).toEqual([
      {
        kind: 'referral',
        fromOfficeCode: '3603',
        toOfficeCode: '36',
        at: '2026-03-04T09:00:00+07:00',
        reason: 'inInstitutionService',
        eventId: referral.eventId,
      },
    ]);
  });

  it("due dates are counted in the owning office's own zone (WITA)", () => {
    const event = eventLog({
      caseId: '6471-2026-000001',
      officeCode: '6471',
      serviceStandard: bekasi,
    });
    // 23:30 WIB on 2 March is already 3 March in Balikpapan.
    const report = event('ReportReceived', '2026-03-02T23:30:00+07:00', {
      clientCategory: 'neglectedChild',
      serviceStandard: bekasi,
      caseNumber: '6471-2026-000001',
      receivingOfficeCode: '6471',
      source: { kind: 'public' },
      escorts: [],
    });
    const summary = foldCaseSummary('6471-2026-000001', [report], { standards: withWitaOffice });
    expect(summary.timeZone).toBe('Asia/Makassar');
    expect(summary.clocks[0]).toMatchObject({
      startDate: '2026-03-03',
      dueDate: '2026-03-10',
      dueAt: '2026-03-10T23:59:59.999+08:00',
    });
    // The default catalogue does not know the office: no due date, and a warning says why.
    const unknown = foldCaseSummary('6471-2026-000001', [report]);
    expect(unknown.clocks[0]).toMatchObject({ status: 'running', dueAt: null });
    expect(unknown.timeZone).toBeNull();
    expect(unknown.warnings).toEqual([
      'office 6471 is unknown to the standards catalogue: its time zone is not known',
      'clock whole-service started on ReportReceived but office 6471 is unknown to the standards catalogue: no due date',
    ]);
  });

  it('a standard the catalogue does not know gives no clocks, and a warning', () => {
    const event = eventLog({ caseId: bekasiCaseId, officeCode: '3603' });
    const summary = fold([
      event('ReportReceived', '2026-03-02T09:00:00+07:00', {
        clientCategory: 'neglectedChild',
        serviceStandard: { code: 'future-standard', version: 3 },
        source: { kind: 'public' },
        escorts: [],
      }),
    ]);
    expect(summary.pinnedStandard).toEqual({ code: 'future-standard', version: 3 });
    expect(summary.clocks).toEqual([]);
    expect(summary.warnings).toEqual([
      'standard future-standard v3 is unknown to the standards catalogue: no clocks',
    ]);
  });
});

describe('custody', () => {
  it('through a health facility and back to the shelter, the stage unchanged', () => {
    const { event, events } = bekasiOpening();
    const moves = [
      event('HealthReferralIssued', '2026-03-03T08:00:00+07:00', {
        clientId: ids.clientId,
        referralId: 'ref-1',
        facility: hospital.organisation,
        reason: enc('fever'),
        issuedAt: '2026-03-03T08:00:00+07:00',
        signatory: person(ids.officerPersonId),
        letter: issued('440/5/Dinsos', 'referral-letter'),
      }),
      event('AdmittedToHealthFacility', '2026-03-03T11:00:00+07:00', {
        clientId: ids.clientId,
        referralId: 'ref-1',
        facility: hospital.organisation,
        admittedAt: '2026-03-03T11:00:00+07:00',
        previousCustodian: shelter,
        custodian: hospital,
      }),
      event('ClientLeftHealthFacility', '2026-03-05T15:00:00+07:00', {
        clientId: ids.clientId,
        referralId: 'ref-1',
        facility: hospital.organisation,
        leftAt: '2026-03-05T15:00:00+07:00',
        how: 'returned',
        previousCustodian: hospital,
        custodian: shelter,
      }),
    ];
    const inHospital = fold([...events, ...moves.slice(0, 2)]);
    expect(inHospital.custodian).toEqual(hospital);
    expect(inHospital.placement.healthReferrals).toEqual([
      {
        referralId: 'ref-1',
        facility: 'RSUD Kabupaten Tangerang',
        status: 'admitted',
        issuedAt: '2026-03-03T08:00:00+07:00',
        admittedAt: '2026-03-03T11:00:00+07:00',
        leftAt: null,
      },
    ]);
    const back = fold([...events, ...moves]);
    expect(back.custodian).toEqual(shelter);
    expect(back.stage).toBe('assessment');
    expect(back.placement.healthReferrals[0]).toMatchObject({
      status: 'left',
      leftAt: '2026-03-05T15:00:00+07:00',
    });
    expect(back.custody).toEqual([
      {
        custodian: shelter,
        since: '2026-03-02T10:00:00+07:00',
        until: '2026-03-03T11:00:00+07:00',
        openedBy: 'ClientHandedOverToShelter',
      },
      {
        custodian: hospital,
        since: '2026-03-03T11:00:00+07:00',
        until: '2026-03-05T15:00:00+07:00',
        openedBy: 'AdmittedToHealthFacility',
      },
      {
        custodian: shelter,
        since: '2026-03-05T15:00:00+07:00',
        until: null,
        openedBy: 'ClientLeftHealthFacility',
      },
    ]);
  });

  it("an LKS when no family is found: referred, handed over, the service's clocks stopped", () => {
    const event = eventLog({ caseId: bekasiCaseId, officeCode: '3603', serviceStandard: bekasi });
    const { events } = bekasiOpening(event);
    const lks = { code: 'LKS-3603-01', name: 'LKS Harapan Bangsa' };
    const summary = fold([
      ...events,
      event('LksReferralMade', '2026-03-07T09:00:00+07:00', {
        clientId: ids.clientId,
        lks,
        issuedAt: '2026-03-07T09:00:00+07:00',
        signatory: person(ids.officerPersonId),
        letter: issued('460/90/Dinsos', 'referral-letter'),
      }),
      event('ClientHandedOverToLks', '2026-03-07T14:00:00+07:00', {
        clientId: ids.clientId,
        lks,
        handedOverAt: '2026-03-07T14:00:00+07:00',
        place: 'LKS Harapan Bangsa, Tigaraksa',
        handedOverBy: person(ids.officerPersonId),
        receivedBy: person(ids.lksPersonId),
        witnesses: [],
        belongings: [],
        bast: issued('BAST/3603/2026/014'),
        previousCustodian: shelter,
        custodian: { kind: 'lks', organisation: lks },
      }),
    ]);
    expect(summary.placement.lks).toEqual({
      lks: 'LKS Harapan Bangsa',
      status: 'handedOver',
      referredAt: '2026-03-07T09:00:00+07:00',
      handedOverAt: '2026-03-07T14:00:00+07:00',
    });
    expect(summary.custodian).toEqual({ kind: 'lks', organisation: lks });
    expect(summary.clocks.map((clock) => [clock.status, clock.stoppedBy])).toEqual([
      ['stopped', 'ClientHandedOverToLks'],
      ['stopped', 'ClientHandedOverToLks'],
    ]);
  });
});

describe('the fold', () => {
  it('as of a position equals the fold of the prefix up to it, at every position', () => {
    const events = bekasiPath();
    for (let length = 0; length <= events.length; length++) {
      const prefix = foldCaseSummary(bekasiCaseId, events.slice(0, length));
      const asOf =
        length === 0
          ? initialCaseSummary(bekasiCaseId)
          : foldCaseSummary(bekasiCaseId, events, {
              asOf: { position: events[length - 1].position },
            });
      expect(asOf).toStrictEqual(prefix);
    }
  });

  it('as of a time takes the events recorded by then, even when recordedAt is out of position order', () => {
    const events = bekasiPath();
    // The requirements check (position 3) was recorded after the handover (position 4):
    // transactions commit out of order, so "as of" filters rather than cuts.
    const late = events.map((e, index) =>
      index === 2 ? { ...e, recordedAt: '2026-03-02T03:30:00.000Z' } : e,
    );
    const at = '2026-03-02T03:05:00.000Z'; // 10:05 WIB: after the handover was recorded
    const summary = foldCaseSummary(bekasiCaseId, late, { asOf: { recordedAt: at } });
    const expected = foldCaseSummary(bekasiCaseId, [late[0], late[1], late[3]]);
    expect(summary.intake.requirementsComplete).toBeNull();
    expect(summary.custodian).toEqual(shelter);
    expect(summary).toStrictEqual(expected);
  });

  it('replays change nothing: the same event twice, or the whole history again', () => {
    const events = bekasiPath();
    const once = fold(events);
    for (const event of events) expect(evolveCaseSummary(once, event)).toBe(once);
    expect(fold([...events, ...events])).toStrictEqual(once);
    const duplicated = events.flatMap((event) => [event, event]);
    expect(fold(duplicated)).toStrictEqual(once);
  });

  it('ignores events of another case, of no case, and of unknown types', () => {
    const summary = fold(bekasiOpening().events);
    const other = eventLog({ caseId: 'someone-else', officeCode: '3603' });
    const none = eventLog({ caseId: null, officeCode: '3603' });
    const base = {
      ...bekasiOpening().events[0],
      position: positionOf(500),
    };
    expect(
      evolveCaseSummary(summary, {
        ...other(
          'ReportReceived',
          '2026-03-03T09:00:00+07:00',
          bekasiOpening().events[0].payload as never,
        ),
        position: positionOf(501),
      }),
    ).toBe(summary);
    expect(
      evolveCaseSummary(summary, {
        ...none('ComplaintReceived', '2026-03-03T09:00:00+07:00', {
          complaintId: 'c-9',
          complaintNumber: 'ADU/3603/2026/9',
          officeCode: '3603',
          serviceStandard: bekasi,
          channel: 'phone',
          classification: 'complaint',
          text: enc('text', ids.complainantId),
          receivedAt: '2026-03-03T09:00:00+07:00',
          clocks: [],
        }),
        position: positionOf(502),
      }),
    ).toBe(summary);
    expect(evolveCaseSummary(summary, { ...base, type: 'SomethingNewHappened' })).toBe(summary);
  });

  it('never mutates the summary or the event, and the summary survives JSON unchanged', () => {
    let summary = frozen(initialCaseSummary(bantenCaseId));
    for (const event of bantenPath()) summary = frozen(evolveCaseSummary(summary, frozen(event)));
    expect(JSON.parse(JSON.stringify(summary))).toStrictEqual(summary);
    const bekasiSummary = fold(bekasiPath());
    expect(JSON.parse(JSON.stringify(bekasiSummary))).toStrictEqual(bekasiSummary);
  });

  it('takes Position-like objects (the store gives objects whose toString is the text form)', () => {
    const events = bekasiPath().map((event) => {
      const text = String(event.position);
      return { ...event, position: { toString: () => text, toJSON: () => text } };
    });
    expect(fold(events)).toStrictEqual(fold(bekasiPath()));
  });
});
