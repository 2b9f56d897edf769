import {
  isEventType,
  sameValue,
  type EventPayload,
  type EventType,
  type LedgerCustodian,
  type Recommendation,
} from '@dinsos/contracts';
import {
  addMonths,
  localDateAt,
  serviceStandards,
  type IndonesianTimeZone,
  type ServiceStandard,
  type ServiceStandardCatalogue,
} from '@dinsos/service-standards';
import { clocksAfter, clocksOfStandard, type CaseClock } from './case-clocks';
import { isWithin, positionText, type AsOf, type CaseEventInput } from './case-event';
import {
  complaintIdOf,
  evolveComplaintSummary,
  initialComplaintSummary,
  isComplaintEventType,
  type ComplaintSummary,
} from './complaint-summary';

/**
 * Where a case is on its path (DESIGN.md section 2, "Case flow"). Only events that decide the
 * path move it, so a health referral or a transfer leaves the stage as it was:
 * - `intake`: reported, not yet open: registration, the requirements check and (Bekasi-style
 *   standards) the handover to the shelter are under way. Entered on the case's first intake event.
 * - `assessment`: open (`CaseOpened`); the social worker assesses (and, Bekasi, the shelter's basic
 *   rehabilitation runs) until a recommendation stands.
 * - `tracing`: the family is being traced: `RecommendationMade` to trace, `TracingStarted`, or
 *   `TracingReopened`.
 * - `placement`: the path is decided and carried out (return home, health facility, institution,
 *   LKS): `RecommendationMade` of any other outcome, or tracing's `FamilyFound`/`FamilyNotFound`.
 * - `closed`: `CaseClosed`, when the pinned standard's whole service ended. Final.
 */
export type CaseStage = 'intake' | 'assessment' | 'tracing' | 'placement' | 'closed';
export const caseStages: readonly CaseStage[] = [
  'intake',
  'assessment',
  'tracing',
  'placement',
  'closed',
];

/** A time in one stage: `endedAt` is null while the case is in it. Times are `occurredAt`. */
export interface StagePeriod {
  stage: CaseStage;
  startedAt: string;
  endedAt: string | null;
  /** The event type that moved the case into it. */
  enteredBy: string;
}

/**
 * A move between offices: a transfer (the same case, a new owner) or a referral to another
 * office's service (that office opens a case of its own; this case keeps its owner).
 */
export interface OfficeMove {
  kind: 'transfer' | 'referral';
  fromOfficeCode: string | null;
  toOfficeCode: string;
  /** The transfer's occurredAt; the referral letter's date when it has one. */
  at: string;
  /** The transfer's reason in words (no personal data), or the referral's reason code. */
  reason: string;
  eventId: string;
}

/** One line of the custody ledger: who held the client from `since` until `until`. */
export interface CustodyPeriod {
  custodian: LedgerCustodian;
  since: string;
  until: string | null;
  openedBy: string;
}

export interface IntakeView {
  sourceKind: EventPayload<'ReportReceived'>['source']['kind'] | null;
  clientRegistered: boolean;
  /** Null until the requirements are checked. */
  requirementsComplete: boolean | null;
  /** Codes of the pinned standard's requirements found missing at the last check. */
  missingRequirements: string[];
  handedOverToShelterAt: string | null;
  biometricsRecordedAt: string | null;
}

/** Where the assessment stands, as the assessment service's worklist names it. */
export type AssessmentStatus =
  'notStarted' | 'awaitingSocialWorker' | 'assessing' | 'awaitingApproval' | 'recommended';

export interface AssessmentView {
  status: AssessmentStatus;
  startedAt: string | null;
  /** Cleared by a transfer: the receiving office names its own. */
  socialWorkerId: string | null;
  assessmentsRecorded: number;
  lastAssessedOn: string | null;
  /** Office-local days with a rehabilitation note, ascending, each once. */
  rehabilitationNoteDays: string[];
  /** A recommendation waiting for a supervisor's approval. */
  submittedRecommendation: Recommendation | null;
  /** The recommendation that stands. */
  recommendation: Recommendation | null;
  recommendedAt: string | null;
  approvedBy: string | null;
}

export type TracingStatus = 'notStarted' | 'tracing' | 'familyFound' | 'familyNotFound';

export interface InquiryRecord {
  inquiryId: string;
  channel: EventPayload<'InquirySent'>['channel'];
  /** The organisation asked (never a person). */
  addressee: string;
  sentOn: string;
  /** InquirySent's occurredAt: where its SLA span starts. */
  sentAt: string;
  dueDate: string;
  dueAt: string;
  /** The answer's office-local day (InquiryAnswered, or Disdukcapil's verification). */
  answeredOn: string | null;
  /** The kit's timer recorded it overdue (InquiryOverdue). */
  overdueRecorded: boolean;
}

export interface TracingView {
  status: TracingStatus;
  startedAt: string | null;
  /** Cleared by a transfer. */
  officerId: string | null;
  inquiryPeriodDays: number | null;
  consentRequired: boolean | null;
  consentRecorded: boolean;
  /** In the order sent. */
  inquiries: InquiryRecord[];
  candidatesProposed: number;
  /** Safety concerns recorded and not cleared, by concern id. */
  openSafetyConcerns: string[];
  outcome: 'familyFound' | 'familyNotFound' | null;
  outcomeAt: string | null;
}

export interface ConsentRecord {
  consentId: string;
  giverRole: EventPayload<'ConsentRecorded'>['giverRole'];
  letterDate: string;
}

export interface HealthReferralRecord {
  referralId: string;
  facility: string;
  status: 'issued' | 'admitted' | 'left';
  issuedAt: string | null;
  admittedAt: string | null;
  leftAt: string | null;
}

export interface InstitutionStay {
  institution: string;
  institutionCode: string | null;
  status: 'referred' | 'admitted' | 'discharged';
  consentId: string | null;
  referredAt: string | null;
  admittedAt: string | null;
  /** The institution's review interval's next due day (office-local); null when none is due. */
  nextReviewDueOn: string | null;
  reviewsDue: number;
  reviewsDone: number;
  lastReviewedOn: string | null;
  /**
   * The last office-local day of the stay: the admission's limit, else the whole service's due
   * date (as placement reads it), else a supervisor's extension once one is made.
   */
  limitDate: string | null;
  extended: boolean;
  dischargedAt: string | null;
  dischargedTo: EventPayload<'DischargedFromInstitution'>['destination'] | null;
}

export interface PlacementView {
  status: 'notOpened' | 'open' | 'closed';
  officerId: string | null;
  recommendationReceived: Recommendation | null;
  tracingOutcome: 'familyFound' | 'familyNotFound' | null;
  /** The pinned standard's placement policy (PlacementOpened's, else the standard's). */
  reviewIntervalMonths: number | null;
  atRiskDays: number | null;
  /**
   * Consent to institution care: needed once the path is institution care (the recommendation
   * that stands), recorded once a consent letter is.
   */
  consentState: 'notNeeded' | 'missing' | 'recorded';
  consents: ConsentRecord[];
  returnHome: { plannedAt: string; returnedAt: string | null } | null;
  healthReferrals: HealthReferralRecord[];
  institution: InstitutionStay | null;
  lks: {
    lks: string;
    status: 'referred' | 'handedOver';
    referredAt: string | null;
    handedOverAt: string | null;
  } | null;
}

export type ClientCategory = EventPayload<'CaseOpened'>['clientCategory'];

export interface CaseClosure {
  closedBy: string;
  /** CaseClosed's closedAt: the instant of the event that ended the service. */
  closedAt: string;
  /** CaseClosed's own occurredAt (when clocks still running are judged). */
  occurredAt: string;
  /** The whole-service clock's outcome as placement recorded it (README: "Clocks"). */
  clock: { code: string; dueDate: string; dueAt: string; outcome: 'met' | 'breached' } | null;
}

/**
 * A case's summary: plain JSON-serialisable data (no undefined, no Dates, no class instances),
 * so it can be stored in a row and printed by an auditor.
 */
export interface CaseSummary {
  caseId: string;
  caseNumber: string | null;
  /** The client's data-subject id (pseudonymous), linking a returning client's cases. */
  clientId: string | null;
  clientCategory: ClientCategory | null;
  referredFromCaseId: string | null;
  pinnedStandard: { code: string; version: number } | null;
  receivingOfficeCode: string | null;
  owningOfficeCode: string | null;
  /** The owning office's zone (from the standards catalogue), for its dates and "today". */
  timeZone: IndonesianTimeZone | null;
  officeMoves: OfficeMove[];
  /** Null until an event of the case's own path arrives (a complaint alone sets none). */
  stage: CaseStage | null;
  stages: StagePeriod[];
  reportedAt: string | null;
  openedAt: string | null;
  closedAt: string | null;
  closure: CaseClosure | null;
  custodian: LedgerCustodian | null;
  custody: CustodyPeriod[];
  /** Every time limit of the pinned standard, in its order. */
  clocks: CaseClock[];
  intake: IntakeView;
  assessment: AssessmentView;
  tracing: TracingView;
  placement: PlacementView;
  /** Complaints whose events carry this case's id, in the order received. */
  complaints: ComplaintSummary[];
  /** Events applied. */
  eventCount: number;
  /** The position of the last event applied: events at or before it are ignored. */
  lastPosition: string | null;
  lastEventId: string | null;
  lastOccurredAt: string | null;
  /** The last applied event's recordedAt (by position, so not necessarily the latest). */
  lastRecordedAt: string | null;
  /** What the fold could not judge (an unknown standard or office), each once. */
  warnings: string[];
}

export interface CaseSummaryOptions {
  /** The standards, offices and calendar the due dates come from; default `serviceStandards`. */
  standards?: ServiceStandardCatalogue;
}

export function initialCaseSummary(caseId: string): CaseSummary {
  return {
    caseId,
    caseNumber: null,
    clientId: null,
    clientCategory: null,
    referredFromCaseId: null,
    pinnedStandard: null,
    receivingOfficeCode: null,
    owningOfficeCode: null,
    timeZone: null,
    officeMoves: [],
    stage: null,
    stages: [],
    reportedAt: null,
    openedAt: null,
    closedAt: null,
    closure: null,
    custodian: null,
    custody: [],
    clocks: [],
    intake: {
      sourceKind: null,
      clientRegistered: false,
      requirementsComplete: null,
      missingRequirements: [],
      handedOverToShelterAt: null,
      biometricsRecordedAt: null,
    },
    assessment: {
      status: 'notStarted',
      startedAt: null,
      socialWorkerId: null,
      assessmentsRecorded: 0,
      lastAssessedOn: null,
      rehabilitationNoteDays: [],
      submittedRecommendation: null,
      recommendation: null,
      recommendedAt: null,
      approvedBy: null,
    },
    tracing: {
      status: 'notStarted',
      startedAt: null,
      officerId: null,
      inquiryPeriodDays: null,
      consentRequired: null,
      consentRecorded: false,
      inquiries: [],
      candidatesProposed: 0,
      openSafetyConcerns: [],
      outcome: null,
      outcomeAt: null,
    },
    placement: {
      status: 'notOpened',
      officerId: null,
      recommendationReceived: null,
      tracingOutcome: null,
      reviewIntervalMonths: null,
      atRiskDays: null,
      consentState: 'notNeeded',
      consents: [],
      returnHome: null,
      healthReferrals: [],
      institution: null,
      lks: null,
    },
    complaints: [],
    eventCount: 0,
    lastPosition: null,
    lastEventId: null,
    lastOccurredAt: null,
    lastRecordedAt: null,
    warnings: [],
  };
}

/**
 * The summary after one event. The fold requires the store's global position order: an event
 * at or before the last applied position is taken for a replay and changes nothing. Events of
 * another case (or of none) and of types the contracts do not catalogue change nothing either;
 * in all three cases the same object is returned. Never mutates its arguments, never throws on
 * a catalogued event: what it cannot judge goes to `warnings`.
 */
export function evolveCaseSummary(
  summary: CaseSummary,
  event: CaseEventInput,
  options: CaseSummaryOptions = {},
): CaseSummary {
  if ((event.caseId ?? null) !== summary.caseId || !isEventType(event.type)) return summary;
  const position = positionText(event.position);
  if (summary.lastPosition !== null && position <= summary.lastPosition) return summary;
  const standards = options.standards ?? serviceStandards;
  const warnings = [...summary.warnings];
  const warn = (warning: string) => {
    if (!warnings.includes(warning)) warnings.push(warning);
  };
  let next: CaseSummary = {
    ...summary,
    eventCount: summary.eventCount + 1,
    lastPosition: position,
    lastEventId: event.eventId,
    lastOccurredAt: event.occurredAt,
    lastRecordedAt: event.recordedAt,
  };
  if (isComplaintEventType(event.type)) {
    next = withComplaint(next, event);
  } else {
    next = pinned(next, event, standards, warn);
    next = applyCaseEvent(next, event, standards, warn);
    next = withStage(next, event);
    next = withClocks(next, event, standards, warn);
    next = derived(next);
  }
  return {
    ...next,
    warnings: warnings.length === summary.warnings.length ? summary.warnings : warnings,
  };
}

/** A case's events folded from nothing (position order), optionally only as far as `asOf`. */
export function foldCaseSummary(
  caseId: string,
  events: Iterable<CaseEventInput>,
  options: CaseSummaryOptions & { asOf?: AsOf } = {},
): CaseSummary {
  let summary = initialCaseSummary(caseId);
  for (const event of events) {
    if (isWithin(event, options.asOf)) summary = evolveCaseSummary(summary, event, options);
  }
  return summary;
}

type Warn = (warning: string) => void;

/** The payload of a catalogued event, as the store gives it (upcast, validated at append). */
function payloadOf<T extends EventType>(event: CaseEventInput, _type: T): EventPayload<T> {
  return event.payload as EventPayload<T>;
}

function withComplaint(summary: CaseSummary, event: CaseEventInput): CaseSummary {
  const complaintId = complaintIdOf(event);
  const index = summary.complaints.findIndex((c) => c.complaintId === complaintId);
  const current = index >= 0 ? summary.complaints[index] : initialComplaintSummary(complaintId);
  const evolved = evolveComplaintSummary(current, event);
  if (evolved === current) return summary;
  const complaints =
    index >= 0
      ? summary.complaints.map((c, i) => (i === index ? evolved : c))
      : [...summary.complaints, evolved];
  return { ...summary, complaints };
}

/** The case's standard is pinned at intake; a later event naming another is a warning. */
function pinned(
  summary: CaseSummary,
  event: CaseEventInput,
  standards: ServiceStandardCatalogue,
  warn: Warn,
): CaseSummary {
  const fromPayload =
    event.type === 'ReportReceived' || event.type === 'CaseOpened'
      ? (event.payload as { serviceStandard?: { code: string; version: number } }).serviceStandard
      : undefined;
  const named = fromPayload ?? event.serviceStandard ?? undefined;
  if (!named) return summary;
  const ref = { code: named.code, version: Number(named.version) };
  if (summary.pinnedStandard) {
    if (!sameValue(summary.pinnedStandard, ref)) {
      warn(
        `${event.type} names standard ${ref.code} v${ref.version}, the case is pinned to ${summary.pinnedStandard.code} v${summary.pinnedStandard.version}`,
      );
    }
    return summary;
  }
  const standard = standardOf(ref, standards, warn);
  const policy = standard?.placement;
  return {
    ...summary,
    pinnedStandard: ref,
    clocks: standard ? clocksOfStandard(standard) : [],
    placement: {
      ...summary.placement,
      reviewIntervalMonths:
        summary.placement.reviewIntervalMonths ?? policy?.institutionReviewIntervalMonths ?? null,
      atRiskDays: summary.placement.atRiskDays ?? policy?.stayAtRiskDays ?? null,
    },
  };
}

function standardOf(
  ref: { code: string; version: number },
  standards: ServiceStandardCatalogue,
  warn: Warn,
): ServiceStandard | undefined {
  try {
    return standards.get(ref);
  } catch {
    warn(`standard ${ref.code} v${ref.version} is unknown to the standards catalogue: no clocks`);
    return undefined;
  }
}

function owned(
  summary: CaseSummary,
  officeCode: string,
  standards: ServiceStandardCatalogue,
  warn: Warn,
): CaseSummary {
  if (!standards.offices.has(officeCode)) {
    warn(`office ${officeCode} is unknown to the standards catalogue: its time zone is not known`);
    return { ...summary, owningOfficeCode: officeCode, timeZone: null };
  }
  return {
    ...summary,
    owningOfficeCode: officeCode,
    timeZone: standards.offices.get(officeCode).timeZone,
  };
}

/** The ledger after a move: a custodian equal to the current one is the same custody told again. */
function moved(
  summary: CaseSummary,
  custodian: LedgerCustodian,
  since: string,
  openedBy: string,
): CaseSummary {
  const current = summary.custody.at(-1);
  if (current && sameValue(current.custodian, custodian)) return summary;
  const custody = summary.custody.map((period, index) =>
    index === summary.custody.length - 1 ? { ...period, until: since } : period,
  );
  return {
    ...summary,
    custodian,
    custody: [...custody, { custodian, since, until: null, openedBy }],
  };
}

const withAssessment = (s: CaseSummary, change: Partial<AssessmentView>): CaseSummary => ({
  ...s,
  assessment: { ...s.assessment, ...change },
});
const withTracing = (s: CaseSummary, change: Partial<TracingView>): CaseSummary => ({
  ...s,
  tracing: { ...s.tracing, ...change },
});
const withPlacement = (s: CaseSummary, change: Partial<PlacementView>): CaseSummary => ({
  ...s,
  placement: { ...s.placement, ...change },
});
const withStay = (s: CaseSummary, change: Partial<InstitutionStay>): CaseSummary =>
  s.placement.institution
    ? withPlacement(s, { institution: { ...s.placement.institution, ...change } })
    : s;

function wholeServiceDueDate(summary: CaseSummary): string | null {
  return summary.clocks.find((clock) => clock.step === null)?.dueDate ?? null;
}

function localDate(summary: CaseSummary, instant: string): string {
  return localDateAt(instant, summary.timeZone ?? 'Asia/Jakarta');
}

function applyCaseEvent(
  s: CaseSummary,
  event: CaseEventInput,
  standards: ServiceStandardCatalogue,
  warn: Warn,
): CaseSummary {
  switch (event.type) {
    // intake
    case 'ReportReceived': {
      const p = payloadOf(event, 'ReportReceived');
      const office = p.receivingOfficeCode ?? event.officeCode;
      const reported: CaseSummary = {
        ...s,
        caseNumber: p.caseNumber ?? s.caseNumber,
        clientId: p.client?.clientId ?? s.clientId,
        clientCategory: p.clientCategory,
        referredFromCaseId: p.referredFromCaseId ?? s.referredFromCaseId,
        receivingOfficeCode: s.receivingOfficeCode ?? office,
        reportedAt: s.reportedAt ?? event.occurredAt,
        intake: { ...s.intake, sourceKind: p.source?.kind ?? null },
      };
      return s.owningOfficeCode ? reported : owned(reported, office, standards, warn);
    }
    case 'ClientRegistered': {
      const p = payloadOf(event, 'ClientRegistered');
      return {
        ...s,
        clientId: s.clientId ?? p.clientId,
        clientCategory: p.category,
        intake: { ...s.intake, clientRegistered: true },
      };
    }
    case 'RequirementsChecked': {
      const p = payloadOf(event, 'RequirementsChecked');
      return {
        ...s,
        intake: {
          ...s.intake,
          requirementsComplete: p.complete,
          missingRequirements: p.requirements
            .filter((r) => r.status === 'missing')
            .map((r) => r.code),
        },
      };
    }
    case 'ClientHandedOverToShelter': {
      const p = payloadOf(event, 'ClientHandedOverToShelter');
      return moved(
        { ...s, intake: { ...s.intake, handedOverToShelterAt: p.handedOverAt } },
        p.custodian,
        p.handedOverAt,
        event.type,
      );
    }
    case 'CaseOpened': {
      const p = payloadOf(event, 'CaseOpened');
      let opened: CaseSummary = {
        ...s,
        caseNumber: p.caseNumber,
        clientId: p.clientId,
        clientCategory: p.clientCategory,
        referredFromCaseId: p.referredFromCaseId ?? s.referredFromCaseId,
        receivingOfficeCode: s.receivingOfficeCode ?? p.owningOfficeCode,
        openedAt: s.openedAt ?? event.occurredAt,
      };
      // A transfer recorded before the opening already names the owner.
      if (!s.officeMoves.some((move) => move.kind === 'transfer')) {
        opened = owned(opened, p.owningOfficeCode, standards, warn);
      }
      return s.custody.length === 0
        ? moved(opened, p.custodian, event.occurredAt, event.type)
        : opened;
    }
    case 'BiometricsRecorded':
      return { ...s, intake: { ...s.intake, biometricsRecordedAt: event.occurredAt } };
    case 'CaseTransferred': {
      const p = payloadOf(event, 'CaseTransferred');
      const move: OfficeMove = {
        kind: 'transfer',
        fromOfficeCode: p.fromOfficeCode,
        toOfficeCode: p.toOfficeCode,
        at: event.occurredAt,
        reason: p.reason,
        eventId: event.eventId,
      };
      return owned(
        { ...s, officeMoves: [...s.officeMoves, move] },
        p.toOfficeCode,
        standards,
        warn,
      );
    }
    case 'CaseReferredToOffice': {
      const p = payloadOf(event, 'CaseReferredToOffice');
      const move: OfficeMove = {
        kind: 'referral',
        fromOfficeCode: s.owningOfficeCode ?? event.officeCode,
        toOfficeCode: p.toOfficeCode,
        at: p.issuedAt ?? event.occurredAt,
        reason: p.reason,
        eventId: event.eventId,
      };
      return { ...s, officeMoves: [...s.officeMoves, move] };
    }

    // assessment
    case 'AssessmentStarted': {
      const p = payloadOf(event, 'AssessmentStarted');
      const started = withAssessment(s, { startedAt: s.assessment.startedAt ?? event.occurredAt });
      return {
        ...started,
        caseNumber: s.caseNumber ?? p.caseNumber,
        clientId: s.clientId ?? p.clientId,
        clientCategory: s.clientCategory ?? p.clientCategory,
      };
    }
    case 'SocialWorkerAssigned':
      return withAssessment(s, {
        socialWorkerId: payloadOf(event, 'SocialWorkerAssigned').socialWorkerId,
      });
    case 'AssessmentTransferred':
      return withAssessment(s, { socialWorkerId: null });
    case 'AssessmentRecorded': {
      const { assessedOn } = payloadOf(event, 'AssessmentRecorded');
      const last = s.assessment.lastAssessedOn;
      return withAssessment(s, {
        assessmentsRecorded: s.assessment.assessmentsRecorded + 1,
        lastAssessedOn: last !== null && last > assessedOn ? last : assessedOn,
      });
    }
    case 'RehabilitationNoteRecorded': {
      const { day } = payloadOf(event, 'RehabilitationNoteRecorded');
      const days = s.assessment.rehabilitationNoteDays;
      return days.includes(day)
        ? s
        : withAssessment(s, { rehabilitationNoteDays: [...days, day].sort() });
    }
    case 'RecommendationSubmitted':
      return withAssessment(s, {
        submittedRecommendation: payloadOf(event, 'RecommendationSubmitted').recommendation,
      });
    case 'RecommendationRejected':
      return withAssessment(s, { submittedRecommendation: null });
    case 'RecommendationMade': {
      const p = payloadOf(event, 'RecommendationMade');
      return withAssessment(s, {
        recommendation: p.recommendation,
        submittedRecommendation: null,
        recommendedAt: event.occurredAt,
        approvedBy: p.approvedBy ?? null,
      });
    }

    // tracing
    case 'TracingStarted': {
      const p = payloadOf(event, 'TracingStarted');
      return withTracing(s, {
        status: 'tracing',
        startedAt: s.tracing.startedAt ?? event.occurredAt,
        inquiryPeriodDays: p.inquiryPeriodDays,
        consentRequired: p.consentRequired,
      });
    }
    case 'TracingOfficerAssigned':
      return withTracing(s, { officerId: payloadOf(event, 'TracingOfficerAssigned').officerId });
    case 'TracingTransferred':
      return withTracing(s, { officerId: null });
    case 'TracingConsentRecorded':
      return withTracing(s, { consentRecorded: true });
    case 'InquirySent': {
      const p = payloadOf(event, 'InquirySent');
      if (s.tracing.inquiries.some((inquiry) => inquiry.inquiryId === p.inquiryId)) return s;
      const inquiry: InquiryRecord = {
        inquiryId: p.inquiryId,
        channel: p.channel,
        addressee: p.addressee.name,
        sentOn: p.sentOn,
        sentAt: event.occurredAt,
        dueDate: p.dueDate,
        dueAt: p.dueAt,
        answeredOn: null,
        overdueRecorded: false,
      };
      return withTracing(s, { inquiries: [...s.tracing.inquiries, inquiry] });
    }
    case 'InquiryAnswered':
    case 'IdentityVerificationReceived': {
      const p = event.payload as { inquiryId: string; answeredOn?: string; answeredAt?: string };
      const answeredOn = p.answeredOn ?? localDate(s, p.answeredAt ?? event.occurredAt);
      return withTracing(s, {
        inquiries: s.tracing.inquiries.map((inquiry) =>
          inquiry.inquiryId === p.inquiryId && inquiry.answeredOn === null
            ? { ...inquiry, answeredOn }
            : inquiry,
        ),
      });
    }
    case 'InquiryOverdue': {
      const { inquiryId } = payloadOf(event, 'InquiryOverdue');
      return withTracing(s, {
        inquiries: s.tracing.inquiries.map((inquiry) =>
          inquiry.inquiryId === inquiryId ? { ...inquiry, overdueRecorded: true } : inquiry,
        ),
      });
    }
    case 'MatchCandidateProposed':
      return withTracing(s, { candidatesProposed: s.tracing.candidatesProposed + 1 });
    case 'SafetyConcernRecorded': {
      const { concernId } = payloadOf(event, 'SafetyConcernRecorded');
      const open = s.tracing.openSafetyConcerns;
      return open.includes(concernId)
        ? s
        : withTracing(s, { openSafetyConcerns: [...open, concernId] });
    }
    case 'SafetyConcernCleared': {
      const { concernId } = payloadOf(event, 'SafetyConcernCleared');
      return withTracing(s, {
        openSafetyConcerns: s.tracing.openSafetyConcerns.filter((id) => id !== concernId),
      });
    }
    case 'FamilyFound':
    case 'FamilyNotFound': {
      const outcome = event.type === 'FamilyFound' ? 'familyFound' : 'familyNotFound';
      return withTracing(s, { status: outcome, outcome, outcomeAt: event.occurredAt });
    }
    case 'TracingReopened':
      return withTracing(s, { status: 'tracing', outcome: null, outcomeAt: null });

    // placement
    case 'PlacementOpened': {
      const p = payloadOf(event, 'PlacementOpened');
      return withPlacement(s, {
        status: s.placement.status === 'closed' ? 'closed' : 'open',
        reviewIntervalMonths: p.reviewIntervalMonths,
        atRiskDays: p.atRiskDays,
      });
    }
    case 'PlacementOfficerAssigned':
      return withPlacement(s, {
        officerId: payloadOf(event, 'PlacementOfficerAssigned').officerId,
      });
    case 'PlacementTransferred':
      return withPlacement(s, { officerId: null });
    case 'RecommendationReceived':
      return withPlacement(s, {
        recommendationReceived: payloadOf(event, 'RecommendationReceived').recommendation,
      });
    case 'TracingOutcomeReceived':
      return withPlacement(s, {
        tracingOutcome: payloadOf(event, 'TracingOutcomeReceived').outcome,
      });
    case 'CustodyRecorded': {
      const p = payloadOf(event, 'CustodyRecorded');
      return moved(s, p.custodian, p.since, event.type);
    }
    case 'ReturnHomeArranged':
      return withPlacement(s, {
        returnHome: {
          plannedAt: payloadOf(event, 'ReturnHomeArranged').plannedAt,
          returnedAt: s.placement.returnHome?.returnedAt ?? null,
        },
      });
    case 'ClientReturnedHome': {
      const p = payloadOf(event, 'ClientReturnedHome');
      const returnHome = {
        plannedAt: s.placement.returnHome?.plannedAt ?? p.returnedAt,
        returnedAt: p.returnedAt,
      };
      return moved(withPlacement(s, { returnHome }), p.custodian, p.returnedAt, event.type);
    }
    case 'HealthReferralIssued': {
      const p = payloadOf(event, 'HealthReferralIssued');
      return withReferral(s, p.referralId, p.facility.name, {
        status: 'issued',
        issuedAt: p.issuedAt,
      });
    }
    case 'AdmittedToHealthFacility': {
      const p = payloadOf(event, 'AdmittedToHealthFacility');
      const referred = withReferral(s, p.referralId, p.facility.name, {
        status: 'admitted',
        admittedAt: p.admittedAt,
      });
      return moved(referred, p.custodian, p.admittedAt, event.type);
    }
    case 'ClientLeftHealthFacility': {
      const p = payloadOf(event, 'ClientLeftHealthFacility');
      const left = withReferral(s, p.referralId, p.facility.name, {
        status: 'left',
        leftAt: p.leftAt,
      });
      return moved(left, p.custodian, p.leftAt, event.type);
    }
    case 'ConsentRecorded': {
      const p = payloadOf(event, 'ConsentRecorded');
      if (s.placement.consents.some((consent) => consent.consentId === p.consentId)) return s;
      const consent = { consentId: p.consentId, giverRole: p.giverRole, letterDate: p.letterDate };
      return withPlacement(s, { consents: [...s.placement.consents, consent] });
    }
    case 'InstitutionReferralIssued': {
      const p = payloadOf(event, 'InstitutionReferralIssued');
      return withPlacement(s, {
        institution: {
          institution: p.institution.name,
          institutionCode: p.institution.code ?? null,
          status: 'referred',
          consentId: p.consentId,
          referredAt: p.issuedAt,
          admittedAt: null,
          nextReviewDueOn: null,
          reviewsDue: 0,
          reviewsDone: 0,
          lastReviewedOn: null,
          limitDate: null,
          extended: false,
          dischargedAt: null,
          dischargedTo: null,
        },
      });
    }
    case 'AdmittedToInstitution': {
      const p = payloadOf(event, 'AdmittedToInstitution');
      const before = s.placement.institution;
      const stay: InstitutionStay = {
        consentId: before?.consentId ?? null,
        referredAt: before?.referredAt ?? null,
        extended: false,
        ...before,
        institution: p.institution.name,
        institutionCode: p.institution.code ?? null,
        status: 'admitted',
        admittedAt: p.admittedAt,
        nextReviewDueOn: p.firstReviewDueOn,
        reviewsDue: 0,
        reviewsDone: 0,
        lastReviewedOn: null,
        limitDate: p.stayLimitDate ?? wholeServiceDueDate(s),
        dischargedAt: null,
        dischargedTo: null,
      };
      return moved(withPlacement(s, { institution: stay }), p.custodian, p.admittedAt, event.type);
    }
    case 'InstitutionReviewDue': {
      const { reviewNumber } = payloadOf(event, 'InstitutionReviewDue');
      const stay = s.placement.institution;
      return stay ? withStay(s, { reviewsDue: Math.max(stay.reviewsDue, reviewNumber) }) : s;
    }
    case 'InstitutionStayReviewed': {
      const p = payloadOf(event, 'InstitutionStayReviewed');
      const stay = s.placement.institution;
      return stay
        ? withStay(s, {
            reviewsDone: Math.max(stay.reviewsDone, p.reviewNumber),
            lastReviewedOn: p.reviewedOn,
            nextReviewDueOn: p.nextReviewDueOn ?? null,
          })
        : s;
    }
    case 'InstitutionStayExtended':
      return withStay(s, {
        limitDate: payloadOf(event, 'InstitutionStayExtended').extendedUntil,
        extended: true,
      });
    case 'DischargedFromInstitution': {
      const p = payloadOf(event, 'DischargedFromInstitution');
      const stay = s.placement.institution;
      // To another institution the stay goes on there, its first review at the standard's
      // interval from the move (placement schedules it so; the event does not carry it).
      const continued =
        stay && p.destination === 'otherInstitution' && p.custodian.kind === 'institution'
          ? withStay(s, {
              institution: p.custodian.organisation.name,
              institutionCode: p.custodian.organisation.code ?? null,
              admittedAt: p.dischargedAt,
              reviewsDue: 0,
              reviewsDone: 0,
              lastReviewedOn: null,
              nextReviewDueOn: addMonths(
                localDate(s, p.dischargedAt),
                s.placement.reviewIntervalMonths ?? 1,
              ),
            })
          : withStay(s, {
              status: 'discharged',
              dischargedAt: p.dischargedAt,
              dischargedTo: p.destination,
              nextReviewDueOn: null,
            });
      return moved(continued, p.custodian, p.dischargedAt, event.type);
    }
    case 'LksReferralMade': {
      const p = payloadOf(event, 'LksReferralMade');
      return withPlacement(s, {
        lks: { lks: p.lks.name, status: 'referred', referredAt: p.issuedAt, handedOverAt: null },
      });
    }
    case 'ClientHandedOverToLks': {
      const p = payloadOf(event, 'ClientHandedOverToLks');
      const lks = {
        lks: p.lks.name,
        status: 'handedOver' as const,
        referredAt: s.placement.lks?.referredAt ?? null,
        handedOverAt: p.handedOverAt,
      };
      return moved(withPlacement(s, { lks }), p.custodian, p.handedOverAt, event.type);
    }
    case 'CaseClosed': {
      const p = payloadOf(event, 'CaseClosed');
      return withPlacement(
        {
          ...s,
          closedAt: s.closedAt ?? p.closedAt,
          closure: s.closure ?? {
            closedBy: p.closedBy,
            closedAt: p.closedAt,
            occurredAt: event.occurredAt,
            clock: p.clock
              ? {
                  code: p.clock.code,
                  dueDate: p.clock.dueDate,
                  dueAt: p.clock.dueAt,
                  outcome: p.clock.outcome,
                }
              : null,
          },
        },
        { status: 'closed' },
      );
    }
    default:
      // Catalogued events that change nothing here (ClientIdentityNoted, clocks the services
      // record for themselves, match decisions, …) still count as applied.
      return s;
  }
}

function withReferral(
  s: CaseSummary,
  referralId: string,
  facility: string,
  change: Partial<HealthReferralRecord>,
): CaseSummary {
  const existing = s.placement.healthReferrals.find((r) => r.referralId === referralId);
  const referral: HealthReferralRecord = {
    referralId,
    facility,
    status: 'issued',
    issuedAt: null,
    admittedAt: null,
    leftAt: null,
    ...existing,
    ...change,
  };
  const healthReferrals = existing
    ? s.placement.healthReferrals.map((r) => (r.referralId === referralId ? referral : r))
    : [...s.placement.healthReferrals, referral];
  return withPlacement(s, { healthReferrals });
}

/** The stage an event moves the case into, or null when it decides nothing of the path. */
function stageEnteredBy(s: CaseSummary, event: CaseEventInput): CaseStage | null {
  switch (event.type) {
    case 'ReportReceived':
    case 'ClientRegistered':
    case 'RequirementsChecked':
    case 'ClientHandedOverToShelter':
      return s.stage === null ? 'intake' : null;
    case 'CaseOpened':
    case 'AssessmentStarted':
      return s.stage === null || s.stage === 'intake' ? 'assessment' : null;
    case 'RecommendationMade':
      return payloadOf(event, 'RecommendationMade').recommendation === 'traceFamily'
        ? 'tracing'
        : 'placement';
    case 'TracingStarted':
    case 'TracingReopened':
      return 'tracing';
    case 'FamilyFound':
    case 'FamilyNotFound':
      return 'placement';
    case 'CaseClosed':
      return 'closed';
    default:
      return null;
  }
}

function withStage(s: CaseSummary, event: CaseEventInput): CaseSummary {
  const stage = stageEnteredBy(s, event);
  if (stage === null || stage === s.stage || s.stage === 'closed') return s;
  const at = event.occurredAt;
  const stages = s.stages.map((period) =>
    period.endedAt === null ? { ...period, endedAt: at } : period,
  );
  return {
    ...s,
    stage,
    stages: [...stages, { stage, startedAt: at, endedAt: null, enteredBy: event.type }],
  };
}

function withClocks(
  s: CaseSummary,
  event: CaseEventInput,
  standards: ServiceStandardCatalogue,
  warn: Warn,
): CaseSummary {
  if (!s.pinnedStandard || s.clocks.length === 0) return s;
  const standard = standardOf(s.pinnedStandard, standards, warn);
  if (!standard) return s;
  const clocks = clocksAfter(
    s.clocks,
    standard,
    event,
    { officeCode: s.owningOfficeCode, timeZone: s.timeZone },
    standards,
    warn,
  );
  if (clocks === s.clocks) return s;
  // A stay admitted before the whole service's clock was known runs until its due date.
  const stay = s.placement.institution;
  const withClock = { ...s, clocks };
  return stay && stay.status === 'admitted' && stay.limitDate === null
    ? withStay(withClock, { limitDate: wholeServiceDueDate(withClock) })
    : withClock;
}

/** What follows from the rest, kept current so a stored row can be queried on it. */
function derived(s: CaseSummary): CaseSummary {
  const a = s.assessment;
  const assessmentStatus: AssessmentStatus =
    a.startedAt === null && a.recommendation === null
      ? 'notStarted'
      : a.recommendation !== null
        ? 'recommended'
        : a.submittedRecommendation !== null
          ? 'awaitingApproval'
          : a.socialWorkerId !== null
            ? 'assessing'
            : 'awaitingSocialWorker';
  const path = a.recommendation ?? s.placement.recommendationReceived;
  const consentState: PlacementView['consentState'] =
    s.placement.consents.length > 0
      ? 'recorded'
      : path === 'institutionCare'
        ? 'missing'
        : 'notNeeded';
  const placementStatus = s.stage === 'closed' ? 'closed' : s.placement.status;
  if (
    assessmentStatus === a.status &&
    consentState === s.placement.consentState &&
    placementStatus === s.placement.status
  ) {
    return s;
  }
  return {
    ...s,
    assessment: { ...a, status: assessmentStatus },
    placement: { ...s.placement, consentState, status: placementStatus },
  };
}
