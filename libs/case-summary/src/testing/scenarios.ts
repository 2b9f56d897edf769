import type { CaseEventInput } from '../case-event';
import {
  banten,
  bekasi,
  enc,
  eventLog,
  family,
  ids,
  issued,
  panti,
  person,
  shelter,
} from './case-events';

/**
 * Whole case paths as the services write them, in the store's global order (test support).
 * Times are WIB (+07:00).
 */

export const bekasiCaseId = '3603-2026-000123';
export const bantenCaseId = '36-2026-000007';

const officer = (role: string, officeCode: string, id = `${role}-1`) => ({ id, role, officeCode });

/** The opening of a Bekasi-standard case at Kabupaten Tangerang (3603): report to CaseOpened. */
export function bekasiOpening(
  event = eventLog({ caseId: bekasiCaseId, officeCode: '3603', serviceStandard: bekasi }),
  officeCode = '3603',
) {
  const intake = officer('intake-officer', officeCode);
  return {
    event,
    events: [
      event(
        'ReportReceived',
        '2026-03-02T09:00:00+07:00',
        {
          clientCategory: 'neglectedChild',
          serviceStandard: bekasi,
          caseNumber: bekasiCaseId,
          receivingOfficeCode: officeCode,
          client: { clientId: ids.clientId, returning: false },
          source: { kind: 'police', name: 'Polsek Cikupa' },
          letter: { number: 'B/12/III/2026', issuer: 'Polsek Cikupa', reason: 'foundNeglected' },
          escorts: [],
          reporter: person(ids.reporterId, { organisation: 'Polsek Cikupa' }),
        },
        { actor: intake },
      ),
      event(
        'ClientRegistered',
        '2026-03-02T09:05:00+07:00',
        {
          clientId: ids.clientId,
          category: 'neglectedChild',
          identityStatus: 'partlyKnown',
          calledName: enc('calledName'),
          sex: 'male',
          estimatedAgeYears: enc('age'),
          identityDocuments: [],
        },
        { actor: intake },
      ),
      event(
        'RequirementsChecked',
        '2026-03-02T09:10:00+07:00',
        {
          requirements: [
            { code: 'covering-letter', status: 'met' },
            { code: 'identity-document', status: 'notApplicable', reason: 'No documents' },
          ],
          complete: true,
        },
        { actor: intake },
      ),
      event(
        'ClientHandedOverToShelter',
        '2026-03-02T10:00:00+07:00',
        {
          clientId: ids.clientId,
          shelter: shelter.organisation,
          bast: issued('BAST/3603/2026/001'),
          handedOverBy: person(ids.reporterId),
          handedOverAt: '2026-03-02T10:00:00+07:00',
          custodian: shelter,
        },
        { actor: intake },
      ),
      event(
        'CaseOpened',
        '2026-03-02T10:05:00+07:00',
        {
          caseNumber: bekasiCaseId,
          clientId: ids.clientId,
          clientCategory: 'neglectedChild',
          owningOfficeCode: officeCode,
          serviceStandard: bekasi,
          custodian: shelter,
        },
        { actor: intake },
      ),
      event('PlacementOpened', '2026-03-02T10:06:00+07:00', {
        clientId: ids.clientId,
        caseNumber: bekasiCaseId,
        clientCategory: 'neglectedChild',
        owningOfficeCode: officeCode,
        serviceStandard: bekasi,
        closesOn: ['ClientReturnedHome', 'ClientHandedOverToLks'],
        reviewIntervalMonths: 1,
        atRiskDays: 2,
      }),
      event('AssessmentStarted', '2026-03-02T10:06:00+07:00', {
        clientId: ids.clientId,
        caseNumber: bekasiCaseId,
        clientCategory: 'neglectedChild',
        owningOfficeCode: officeCode,
        custodian: shelter,
        serviceStandard: bekasi,
        steps: ['further-assessment-and-basic-rehabilitation'],
      }),
      event('CustodyRecorded', '2026-03-02T10:06:00+07:00', {
        clientId: ids.clientId,
        since: '2026-03-02T10:00:00+07:00',
        custodian: shelter,
        recordedFrom: 'ClientHandedOverToShelter',
      }),
    ],
  };
}

/** Assessment and tracing of the Bekasi case, ending with the family found. */
export function bekasiAssessmentAndTracing(event: ReturnType<typeof eventLog>) {
  const sw = officer('social-worker', '3603');
  const tracer = officer('tracing-officer', '3603');
  return [
    event(
      'SocialWorkerAssigned',
      '2026-03-02T13:00:00+07:00',
      { socialWorkerId: 'sw-1', how: 'takenBySocialWorker' },
      { actor: sw },
    ),
    event(
      'AssessmentRecorded',
      '2026-03-03T10:00:00+07:00',
      {
        clientId: ids.clientId,
        assessmentNumber: 1,
        kind: 'initial',
        assessedOn: '2026-03-03',
        physicalCondition: enc('physical'),
        health: enc('health'),
        needsMedicalCare: false,
        psychologicalState: enc('psych'),
        education: { status: 'droppedOut' },
        familyAndOrigin: enc('family'),
        risks: { riskAtHome: 'low', details: enc('risks') },
        needs: ['familyReunification'],
        childView: enc('view'),
      },
      { actor: sw },
    ),
    event(
      'RehabilitationNoteRecorded',
      '2026-03-03T16:00:00+07:00',
      { clientId: ids.clientId, day: '2026-03-03', services: ['meals', 'counselling'] },
      { actor: sw },
    ),
    event(
      'RecommendationMade',
      '2026-03-04T10:00:00+07:00',
      {
        clientId: ids.clientId,
        recommendationNumber: 1,
        recommendation: 'traceFamily',
        reasons: enc('reasons'),
        childView: enc('view2'),
      },
      { actor: sw },
    ),
    event('RecommendationReceived', '2026-03-04T10:01:00+07:00', {
      clientId: ids.clientId,
      recommendation: 'traceFamily',
    }),
    event('TracingStarted', '2026-03-04T10:02:00+07:00', {
      clientId: ids.clientId,
      owningOfficeCode: '3603',
      serviceStandard: bekasi,
      startedBy: { eventType: 'RecommendationMade', recommendation: 'traceFamily' },
      inquiryPeriodDays: 7,
      consentRequired: false,
    }),
    event(
      'TracingOfficerAssigned',
      '2026-03-04T11:00:00+07:00',
      { officerId: 'to-1', how: 'takenByOfficer' },
      { actor: tracer },
    ),
    event(
      'InquirySent',
      '2026-03-04T12:00:00+07:00',
      {
        inquiryId: 'inq-1',
        clientId: ids.clientId,
        channel: 'village',
        addressee: { name: 'Desa Cikupa', regionCode: '36.03.15.2001' },
        letterNumber: '400/12/Dinsos',
        letter: enc('letter-1'),
        sentOn: '2026-03-04',
        dueDate: '2026-03-07',
        dueAt: '2026-03-07T23:59:59.999+07:00',
      },
      { actor: tracer },
    ),
    event(
      'InquirySent',
      '2026-03-04T12:10:00+07:00',
      {
        inquiryId: 'inq-2',
        clientId: ids.clientId,
        channel: 'disdukcapil',
        addressee: { name: 'Disdukcapil Kabupaten Tangerang' },
        letterNumber: '400/13/Dinsos',
        letter: enc('letter-2'),
        sentOn: '2026-03-04',
        dueDate: '2026-03-07',
        dueAt: '2026-03-07T23:59:59.999+07:00',
      },
      { actor: tracer },
    ),
    event(
      'IdentityVerificationReceived',
      '2026-03-05T09:00:00+07:00',
      {
        inquiryId: 'inq-2',
        clientId: ids.clientId,
        nikFound: true,
        nik: enc('nik'),
        matchLevel: 'high',
        answeredBy: enc('answeredBy'),
        answeredAt: '2026-03-05T08:30:00+07:00',
      },
      { actor: tracer },
    ),
    event(
      'InquiryAnswered',
      '2026-03-06T09:00:00+07:00',
      {
        inquiryId: 'inq-1',
        clientId: ids.clientId,
        answeredOn: '2026-03-06',
        answer: enc('answer'),
        evidence: [],
      },
      { actor: tracer },
    ),
    event(
      'FamilyFound',
      '2026-03-06T10:00:00+07:00',
      {
        clientId: ids.clientId,
        candidateId: 'cand-1',
        familyMembers: [person(ids.motherId, { relationship: 'mother' })],
        relation: 'mother',
        address: enc('address'),
        verifiedBy: ['disdukcapil', 'villageLetter'],
        evidenceInquiryIds: ['inq-1', 'inq-2'],
        childView: enc('view3'),
      },
      { actor: tracer },
    ),
  ];
}

/** The Bekasi case's return home and closing. */
export function bekasiReturnHome(event: ReturnType<typeof eventLog>) {
  const placementOfficer = officer('placement-officer', '3603');
  return [
    event('TracingOutcomeReceived', '2026-03-06T10:01:00+07:00', {
      clientId: ids.clientId,
      outcome: 'familyFound',
      familyMembers: [person(ids.motherId)],
      relation: 'mother',
    }),
    event(
      'FamilySafetyAssessed',
      '2026-03-07T10:00:00+07:00',
      {
        clientId: ids.clientId,
        safetyAssessmentId: 'safety-1',
        familyPersonIds: [ids.motherId],
        outcome: 'safe',
        assessedOn: '2026-03-07',
        findings: enc('findings'),
      },
      { actor: placementOfficer },
    ),
    event(
      'ReturnHomeArranged',
      '2026-03-07T11:00:00+07:00',
      {
        clientId: ids.clientId,
        receivingFamily: [person(ids.motherId)],
        destination: enc('destination'),
        plannedAt: '2026-03-08T10:00:00+07:00',
        escorts: [person(ids.officerPersonId)],
        safetyAssessmentId: 'safety-1',
        childView: enc('view4'),
      },
      { actor: placementOfficer },
    ),
    event(
      'ClientReturnedHome',
      '2026-03-08T10:00:00+07:00',
      {
        clientId: ids.clientId,
        returnedAt: '2026-03-08T10:00:00+07:00',
        place: enc('place'),
        officer: person(ids.officerPersonId),
        receivedBy: [person(ids.motherId)],
        witnesses: [],
        beritaAcaraPemulangan: issued('BAP/3603/2026/001', 'berita-acara-pemulangan'),
        previousCustodian: shelter,
        custodian: family,
      },
      { actor: placementOfficer },
    ),
    event('CaseClosed', '2026-03-08T10:00:00+07:00', {
      clientId: ids.clientId,
      closedBy: 'ClientReturnedHome',
      closedAt: '2026-03-08T10:00:00+07:00',
      clock: {
        code: 'whole-service',
        startedAt: '2026-03-02T09:00:00+07:00',
        dueDate: '2026-03-09',
        dueAt: '2026-03-09T23:59:59.999+07:00',
        outcome: 'met',
      },
    }),
  ];
}

/** The whole Bekasi path: report, shelter, assessment, tracing, family found, home. */
export function bekasiPath(): CaseEventInput[] {
  const { event, events } = bekasiOpening();
  return [...events, ...bekasiAssessmentAndTracing(event), ...bekasiReturnHome(event)];
}

/**
 * The Banten path at the province office (36): a regency's referral, assessment with a
 * supervisor's approval, fingerprints, consent, institution care for most of the year, a review,
 * the discharge home.
 */
export function bantenPath(): CaseEventInput[] {
  const event = eventLog({ caseId: bantenCaseId, officeCode: '36', serviceStandard: banten });
  const intake = officer('intake-officer', '36');
  const sw = officer('social-worker', '36');
  const supervisor = officer('supervisor', '36');
  const placementOfficer = officer('placement-officer', '36');
  const office = { kind: 'office', officeCode: '36' } as const;
  return [
    event(
      'ReportReceived',
      '2026-03-02T09:00:00+07:00',
      {
        clientCategory: 'neglectedChild',
        serviceStandard: banten,
        caseNumber: bantenCaseId,
        receivingOfficeCode: '36',
        client: { clientId: ids.clientId, returning: true },
        source: { kind: 'regencyDinsos', name: 'Dinas Sosial Kabupaten Tangerang' },
        letter: {
          number: '460/77/Dinsos',
          issuer: 'Dinas Sosial Kabupaten Tangerang',
          reason: 'inInstitutionService',
        },
        escorts: [person(ids.officerPersonId)],
        referredFromCaseId: bekasiCaseId,
      },
      { actor: intake },
    ),
    event(
      'RequirementsChecked',
      '2026-03-02T09:30:00+07:00',
      {
        requirements: [
          { code: 'referral-letter', status: 'met' },
          { code: 'identity-document', status: 'met' },
          { code: 'regency-assessment', status: 'met' },
        ],
        complete: true,
      },
      { actor: intake },
    ),
    event(
      'CaseOpened',
      '2026-03-02T10:00:00+07:00',
      {
        caseNumber: bantenCaseId,
        clientId: ids.clientId,
        clientCategory: 'neglectedChild',
        owningOfficeCode: '36',
        serviceStandard: banten,
        custodian: office,
        referredFromCaseId: bekasiCaseId,
      },
      { actor: intake },
    ),
    event('PlacementOpened', '2026-03-02T10:01:00+07:00', {
      clientId: ids.clientId,
      caseNumber: bantenCaseId,
      clientCategory: 'neglectedChild',
      owningOfficeCode: '36',
      serviceStandard: banten,
      closesOn: ['ClientReturnedHome', 'DischargedFromInstitution', 'ClientHandedOverToLks'],
      reviewIntervalMonths: 3,
      atRiskDays: 30,
    }),
    event('AssessmentStarted', '2026-03-02T10:01:00+07:00', {
      clientId: ids.clientId,
      caseNumber: bantenCaseId,
      clientCategory: 'neglectedChild',
      owningOfficeCode: '36',
      custodian: office,
      serviceStandard: banten,
      steps: ['peksos-assessment'],
    }),
    event('CustodyRecorded', '2026-03-02T10:01:00+07:00', {
      clientId: ids.clientId,
      since: '2026-03-02T10:00:00+07:00',
      custodian: office,
      recordedFrom: 'CaseOpened',
    }),
    event(
      'SocialWorkerAssigned',
      '2026-03-03T09:00:00+07:00',
      { socialWorkerId: 'sw-36', how: 'assignedBySupervisor' },
      { actor: supervisor },
    ),
    event(
      'AssessmentRecorded',
      '2026-03-05T10:00:00+07:00',
      {
        clientId: ids.clientId,
        assessmentNumber: 1,
        kind: 'initial',
        assessedOn: '2026-03-05',
        physicalCondition: enc('physical'),
        health: enc('health'),
        needsMedicalCare: false,
        psychologicalState: enc('psych'),
        education: { status: 'notInSchool' },
        familyAndOrigin: enc('family'),
        risks: { riskAtHome: 'high', details: enc('risks') },
        needs: ['safeShelter', 'education'],
        childView: enc('view'),
      },
      { actor: sw },
    ),
    event(
      'RecommendationSubmitted',
      '2026-03-06T10:00:00+07:00',
      {
        clientId: ids.clientId,
        recommendationNumber: 1,
        recommendation: 'institutionCare',
        reasons: enc('reasons'),
        childView: enc('view2'),
      },
      { actor: sw },
    ),
    event(
      'RecommendationMade',
      '2026-03-09T10:00:00+07:00',
      {
        clientId: ids.clientId,
        recommendationNumber: 1,
        recommendation: 'institutionCare',
        reasons: enc('reasons'),
        childView: enc('view2'),
        approvedBy: 'supervisor-1',
      },
      { actor: supervisor },
    ),
    event('RecommendationReceived', '2026-03-09T10:01:00+07:00', {
      clientId: ids.clientId,
      recommendation: 'institutionCare',
    }),
    event(
      'BiometricsRecorded',
      '2026-03-09T11:00:00+07:00',
      {
        clientId: ids.clientId,
        captures: [
          {
            modality: 'fingerprint',
            position: 'rightThumb',
            file: enc('thumb'),
            capturedAt: '2026-03-09T11:00:00+07:00',
          },
        ],
      },
      { actor: intake },
    ),
    event(
      'PlacementOfficerAssigned',
      '2026-03-10T09:00:00+07:00',
      { officerId: 'po-36', how: 'takenByOfficer' },
      { actor: placementOfficer },
    ),
    event(
      'ConsentRecorded',
      '2026-03-16T10:00:00+07:00',
      {
        clientId: ids.clientId,
        consentId: 'consent-1',
        givenBy: person(ids.motherId, { relationship: 'mother' }),
        giverRole: 'family',
        purpose: 'institutionCare',
        letterDate: '2026-03-15',
        letterScan: enc('consent'),
      },
      { actor: placementOfficer },
    ),
    event(
      'InstitutionReferralIssued',
      '2026-03-17T10:00:00+07:00',
      {
        clientId: ids.clientId,
        institution: panti.organisation,
        consentId: 'consent-1',
        issuedAt: '2026-03-17T10:00:00+07:00',
        signatory: person(ids.officerPersonId, { position: 'Kepala Dinas Sosial' }),
        letter: issued('460/88/Dinsos', 'referral-letter'),
      },
      { actor: placementOfficer },
    ),
    event(
      'AdmittedToInstitution',
      '2026-03-20T10:00:00+07:00',
      {
        clientId: ids.clientId,
        institution: panti.organisation,
        admittedAt: '2026-03-20T10:00:00+07:00',
        firstReviewDueOn: '2026-06-20',
        stayLimitDate: '2027-03-02',
        previousCustodian: office,
        custodian: panti,
      },
      { actor: placementOfficer },
    ),
    event('InstitutionReviewDue', '2026-06-20T00:00:00+07:00', {
      clientId: ids.clientId,
      reviewNumber: 1,
      dueOn: '2026-06-20',
    }),
    event(
      'InstitutionStayReviewed',
      '2026-06-22T10:00:00+07:00',
      {
        clientId: ids.clientId,
        reviewNumber: 1,
        reviewedOn: '2026-06-22',
        outcome: 'continue',
        nextReviewDueOn: '2026-09-22',
      },
      { actor: placementOfficer },
    ),
    event(
      'DischargedFromInstitution',
      '2026-12-01T10:00:00+07:00',
      {
        clientId: ids.clientId,
        institution: panti.organisation,
        dischargedAt: '2026-12-01T10:00:00+07:00',
        destination: 'family',
        previousCustodian: panti,
        custodian: family,
      },
      { actor: placementOfficer },
    ),
    event('CaseClosed', '2026-12-01T10:00:00+07:00', {
      clientId: ids.clientId,
      closedBy: 'DischargedFromInstitution',
      closedAt: '2026-12-01T10:00:00+07:00',
      clock: {
        code: 'whole-service',
        startedAt: '2026-03-02T09:00:00+07:00',
        dueDate: '2027-03-02',
        dueAt: '2027-03-02T23:59:59.999+07:00',
        outcome: 'met',
      },
    }),
  ];
}

/** The index of the first event of a type (for prefixes). */
export function indexOf(events: readonly CaseEventInput[], type: string): number {
  const index = events.findIndex((event) => event.type === type);
  if (index < 0) throw new Error(`no ${type} in the events`);
  return index;
}

/** The events up to and including the first of a type. */
export function upTo(events: readonly CaseEventInput[], type: string): CaseEventInput[] {
  return events.slice(0, indexOf(events, type) + 1);
}
