import type { EventPayload, Recommendation, RehabilitationService } from '@dinsos/contracts';
import { addDays, slaStateOf, type SlaState } from '@dinsos/service-standards';

type ServiceStandardRef = EventPayload<'AssessmentStarted'>['serviceStandard'];
import {
  DomainRuleViolation,
  cataloguedEvent,
  checkedAgainstCatalogue,
  handOver,
  transferRecorded,
  type CataloguedEvent,
} from '@dinsos/platform/domain';

/**
 * The assessment of a case (stream `assessment-<caseId>`): it starts when intake opens the case,
 * follows the time limits of the pinned standard, moves with the case between offices, and holds
 * what the social worker (Peksos) does: the assessments, the daily notes of basic rehabilitation
 * in the shelter (seed 004 step 3) and the recommendation that decides the client's path,
 * approved by a supervisor where the standard asks. Pure: no Nest, no I/O, no clock (the day
 * comes in the commands). Personal values arrive encrypted and are only copied.
 */

type StartedPayload = EventPayload<'AssessmentStarted'>;
type RecordedPayload = EventPayload<'AssessmentRecorded'>;
type ClientCategory = StartedPayload['clientCategory'];
type Custodian = StartedPayload['custodian'];
/** A personal value as payloads hold it: encrypted under the client's key. */
type EncryptedField = EventPayload<'RecommendationMade'>['reasons'];

export type AssessmentEvent =
  | CataloguedEvent<'AssessmentStarted'>
  | CataloguedEvent<'AssessmentClockStarted'>
  | CataloguedEvent<'AssessmentClockStopped'>
  | CataloguedEvent<'SocialWorkerAssigned'>
  | CataloguedEvent<'AssessmentTransferred'>
  | CataloguedEvent<'AssessmentRecorded'>
  | CataloguedEvent<'RehabilitationNoteRecorded'>
  | CataloguedEvent<'RecommendationSubmitted'>
  | CataloguedEvent<'RecommendationRejected'>
  | CataloguedEvent<'RecommendationMade'>;

export interface ClockStart {
  clock: string;
  step?: string;
  startedBy: string;
  startedAt: string;
  startDate: string;
  dueDate: string;
  dueAt: string;
}

export interface ClockStop {
  clock: string;
  stoppedBy: string;
  stoppedAt: string;
  stopDate: string;
}

export type AssessmentCommand =
  /** From intake's CaseOpened: the pinned standard's steps the assessment service performs. */
  | {
      type: 'StartAssessment';
      caseNumber: string;
      clientId: string;
      clientCategory: ClientCategory;
      owningOfficeCode: string;
      custodian: Custodian;
      serviceStandard: ServiceStandardRef;
      steps: string[];
    }
  /**
   * Another context's event started or stopped time limits of the pinned standard (one event may
   * stop several: a return home ends the whole service and the shelter care). A stop may arrive
   * before its start: events of two topics may reorder.
   */
  | { type: 'RecordClocks'; started: ClockStart[]; stopped: ClockStop[] }
  /** Intake transferred the case to another office. */
  | { type: 'RecordTransfer'; fromOfficeCode: string; toOfficeCode: string; transferredAt: string }
  | {
      type: 'AssignSocialWorker';
      socialWorkerId: string;
      how: 'assignedBySupervisor' | 'takenBySocialWorker';
      /** Why the assessment changes hands: required on reassignment. */
      reason?: string;
    }
  /** The assigned social worker's assessment; `today` is the office-local day. */
  | ({ type: 'RecordAssessment'; actorId: string; today: string } & Omit<
      RecordedPayload,
      'clientId' | 'assessmentNumber' | 'kind'
    >)
  /** A day of basic rehabilitation in the shelter; `today` is the office-local day. */
  | {
      type: 'RecordRehabilitationNote';
      actorId: string;
      day: string;
      today: string;
      services: RehabilitationService[];
      note?: EncryptedField;
    }
  /** `policy` is the pinned standard's `recommendations`. */
  | {
      type: 'MakeRecommendation';
      actorId: string;
      recommendation: Recommendation;
      reasons: EncryptedField;
      childView: EncryptedField;
      policy: { outcomes: readonly Recommendation[]; supervisorApproval: boolean };
    }
  | { type: 'ApproveRecommendation'; recommendationNumber: number; supervisorId: string }
  | { type: 'RejectRecommendation'; recommendationNumber: number; reason: EncryptedField };

/** A time limit of the pinned standard, by its code; start and stop fields merge in any order. */
export interface AssessmentClock {
  code: string;
  step?: string;
  startedBy?: string;
  startedAt?: string;
  startDate?: string;
  dueDate?: string;
  dueAt?: string;
  stoppedBy?: string;
  stoppedAt?: string;
  stopDate?: string;
}

export interface RecommendationRecord {
  number: number;
  recommendation: Recommendation;
  status: 'submitted' | 'made' | 'rejected';
  reasons: EncryptedField;
  childView: EncryptedField;
  rejectionReason?: EncryptedField;
  approvedBy?: string;
}

export interface AssessmentState {
  status: 'notStarted' | 'started';
  caseNumber?: string;
  clientId?: string;
  clientCategory?: ClientCategory;
  /** The owning office now: the one the case opened at, then each transfer's. */
  officeCode?: string;
  /** Who held the client as the case opened. */
  custodian?: Custodian;
  /** The standard the case is pinned to: its recommendation policy applies. */
  serviceStandard?: ServiceStandardRef;
  /** The pinned standard's steps the assessment service performs. */
  steps: string[];
  /** Cleared by a transfer: the new office assigns its own. */
  socialWorkerId?: string;
  clocks: Record<string, AssessmentClock>;
  /** The transfers recorded, in order. */
  transfers: { fromOfficeCode: string; toOfficeCode: string; transferredAt: string }[];
  assessments: { number: number; kind: 'initial' | 'further'; assessedOn: string }[];
  /** By office-local day. */
  rehabilitationNotes: Record<string, { services: RehabilitationService[] }>;
  recommendations: RecommendationRecord[];
}

const initialAssessmentState = (): AssessmentState => ({
  status: 'notStarted',
  steps: [],
  clocks: {},
  transfers: [],
  assessments: [],
  rehabilitationNotes: {},
  recommendations: [],
});

export function assessmentStreamId(caseId: string): string {
  return `assessment-${caseId}`;
}

/**
 * The clock of an assessment step: the basic rehabilitation in the shelter under seed 004
 * (`basic-rehabilitation`, step 3); none under seed 000, whose standard times only the whole
 * service.
 */
export function shelterCareClock(state: AssessmentState): AssessmentClock | undefined {
  return Object.values(state.clocks).find(
    (clock) => clock.step !== undefined && state.steps.includes(clock.step),
  );
}

/**
 * The days of shelter care without a rehabilitation note, ascending: from the day the shelter
 * clock started to the day it stopped, or to `today` (office-local YYYY-MM-DD) while it runs.
 */
export function daysWithoutNote(state: AssessmentState, today: string): string[] {
  const clock = shelterCareClock(state);
  return clock ? daysWithoutNoteIn(clock, (day) => !!state.rehabilitationNotes[day], today) : [];
}

/**
 * The days of a shelter clock's care, from its start day to its stop day (or today while it
 * runs), both included, that have no rehabilitation note: for the view and the worklist alike.
 */
export function daysWithoutNoteIn(
  clock: AssessmentClock,
  noted: (day: string) => boolean,
  today: string,
): string[] {
  if (!clock.startDate) return [];
  const last = clock.stopDate !== undefined && clock.stopDate < today ? clock.stopDate : today;
  const missing: string[] = [];
  for (let day = clock.startDate; day <= last; day = addDays(day, 1)) {
    if (!noted(day)) missing.push(day);
  }
  return missing;
}

/** A clock's SLA state at `now`, or null while its start has not arrived. */
export function slaOfClock(clock: AssessmentClock, now: Date): SlaState | null {
  if (!clock.startedAt || !clock.dueAt) return null;
  return slaStateOf(
    { startedAt: clock.startedAt, dueAt: clock.dueAt, stoppedAt: clock.stoppedAt },
    now,
  );
}

const recommendationWords: Record<Recommendation, string> = {
  returnHome: 'return home',
  healthReferral: 'health referral',
  institutionCare: 'institution care',
  traceFamily: 'trace the family',
  continueWithLks: 'continue with an LKS',
};

function refuse(rule: string, message: string, details?: Record<string, unknown>): never {
  throw new DomainRuleViolation(rule, message, details);
}

/** The client of a started assessment, or the refusal. */
function requireStarted(state: AssessmentState): string {
  if (state.status !== 'started' || !state.clientId) {
    refuse(
      'assessment-not-started',
      'The assessment of this case has not started yet: it starts when intake opens the case.',
    );
  }
  return state.clientId;
}

function requireAssignedWorker(state: AssessmentState, actorId: string, action: string): void {
  if (state.socialWorkerId !== undefined && state.socialWorkerId !== actorId) {
    refuse(
      'not-the-assigned-social-worker',
      `This assessment is assigned to another social worker: only they can ${action}, unless a supervisor reassigns it to you.`,
    );
  }
}

/** A recommendation a supervisor can still approve or reject. */
function pendingRecommendation(state: AssessmentState, number: number): RecommendationRecord {
  const found = state.recommendations.find((r) => r.number === number);
  if (!found) {
    refuse('no-such-recommendation', `This case has no recommendation number ${number}.`);
  }
  if (found.status === 'made') {
    refuse(
      'recommendation-already-approved',
      found.approvedBy
        ? `Recommendation ${number} already stands: a supervisor approved it.`
        : `Recommendation ${number} already stands: the pinned standard asks no approval for it.`,
    );
  }
  if (found.status === 'rejected') {
    refuse(
      'recommendation-rejected',
      `Recommendation ${number} was sent back to the social worker: it can no longer be approved or rejected; the social worker makes a new one.`,
    );
  }
  return found;
}

function decide(command: AssessmentCommand, state: AssessmentState): AssessmentEvent[] {
  switch (command.type) {
    case 'StartAssessment': {
      // Asked by the reaction to CaseOpened: it starts once, however often it is asked.
      if (state.status === 'started') return [];
      if (command.steps.length === 0) {
        refuse(
          'no-assessment-steps',
          "The case's service standard has no step for the social worker's assessment, so no assessment starts for it.",
        );
      }
      return [
        cataloguedEvent('AssessmentStarted', {
          clientId: command.clientId,
          caseNumber: command.caseNumber,
          clientCategory: command.clientCategory,
          owningOfficeCode: command.owningOfficeCode,
          custodian: command.custodian,
          serviceStandard: command.serviceStandard,
          steps: command.steps,
        }),
      ];
    }

    case 'RecordClocks': {
      // Any status: the report that starts a clock comes before the case opens. Each clock
      // starts and stops once, however often it is asked.
      const starts = command.started
        .filter((start) => state.clocks[start.clock]?.startedAt === undefined)
        .map((start) =>
          cataloguedEvent('AssessmentClockStarted', {
            clock: start.clock,
            startedBy: start.startedBy,
            ...(start.step !== undefined ? { step: start.step } : {}),
            startedAt: start.startedAt,
            startDate: start.startDate,
            dueDate: start.dueDate,
            dueAt: start.dueAt,
          }),
        );
      const stops = command.stopped
        .filter((stop) => state.clocks[stop.clock]?.stoppedAt === undefined)
        .map((stop) =>
          cataloguedEvent('AssessmentClockStopped', {
            clock: stop.clock,
            stoppedBy: stop.stoppedBy,
            stoppedAt: stop.stoppedAt,
            stopDate: stop.stopDate,
          }),
        );
      return [...starts, ...stops];
    }

    case 'RecordTransfer': {
      if (transferRecorded(state, command.toOfficeCode)) return [];
      return [
        cataloguedEvent('AssessmentTransferred', {
          fromOfficeCode: command.fromOfficeCode,
          toOfficeCode: command.toOfficeCode,
          transferredAt: command.transferredAt,
          ...(state.socialWorkerId !== undefined
            ? { previousSocialWorkerId: state.socialWorkerId }
            : {}),
        }),
      ];
    }

    case 'AssignSocialWorker': {
      requireStarted(state);
      const handed = handOver(
        state.socialWorkerId,
        command.socialWorkerId,
        command.reason,
        'Another social worker is responsible for this assessment: say why it changes hands (about the work, never about the client).',
      );
      if (!handed) return [];
      return [
        cataloguedEvent('SocialWorkerAssigned', {
          socialWorkerId: command.socialWorkerId,
          how: command.how,
          ...(handed.previous !== undefined ? { previousSocialWorkerId: handed.previous } : {}),
          ...(handed.reason !== undefined ? { reason: handed.reason } : {}),
        }),
      ];
    }

    case 'RecordAssessment': {
      const clientId = requireStarted(state);
      if (state.socialWorkerId === undefined) {
        refuse(
          'no-social-worker-assigned',
          'No social worker is assigned to this assessment yet: a supervisor assigns one, or a social worker takes it, before an assessment is recorded.',
        );
      }
      requireAssignedWorker(state, command.actorId, 'record its assessments');
      if (command.assessedOn > command.today) {
        refuse(
          'assessed-in-the-future',
          `The assessment date ${command.assessedOn} is after today (${command.today}): record an assessment on or after the day it took place.`,
        );
      }
      const assessmentNumber = state.assessments.length + 1;
      return [
        cataloguedEvent('AssessmentRecorded', {
          clientId,
          assessmentNumber,
          kind: assessmentNumber === 1 ? 'initial' : 'further',
          assessedOn: command.assessedOn,
          physicalCondition: command.physicalCondition,
          health: command.health,
          needsMedicalCare: command.needsMedicalCare,
          psychologicalState: command.psychologicalState,
          education: command.education,
          familyAndOrigin: command.familyAndOrigin,
          risks: command.risks,
          needs: command.needs,
          childView: command.childView,
          attachments: command.attachments,
        }),
      ];
    }

    case 'RecordRehabilitationNote': {
      const clientId = requireStarted(state);
      const clock = shelterCareClock(state);
      if (!clock?.startDate) {
        refuse(
          'no-shelter-care',
          "This case has no basic rehabilitation in a shelter yet: either its pinned standard has none, or the client's handover to the shelter has not reached the assessment.",
        );
      }
      const { day, today } = command;
      const stay =
        clock.stopDate !== undefined
          ? `the client was in the shelter from ${clock.startDate} until ${clock.stopDate}`
          : `the client has been in the shelter since ${clock.startDate}`;
      if (day > today) {
        refuse(
          'day-outside-shelter-care',
          `${day} has not come yet (today is ${today}): a rehabilitation note is recorded for a day of care that has passed or is today; ${stay}.`,
        );
      }
      if (day < clock.startDate || (clock.stopDate !== undefined && day > clock.stopDate)) {
        refuse(
          'day-outside-shelter-care',
          `${day} is not a day of shelter care: ${stay}, and rehabilitation notes are recorded only for those days.`,
        );
      }
      if (state.rehabilitationNotes[day]) {
        refuse(
          'note-already-recorded',
          `A rehabilitation note for ${day} is already recorded: there is one note a day.`,
        );
      }
      return [
        cataloguedEvent('RehabilitationNoteRecorded', {
          clientId,
          day,
          services: command.services,
          ...(command.note !== undefined ? { note: command.note } : {}),
        }),
      ];
    }

    case 'MakeRecommendation': {
      const clientId = requireStarted(state);
      const { recommendation, policy } = command;
      if (!policy.outcomes.includes(recommendation)) {
        refuse(
          'outcome-not-allowed',
          `The service standard of this case does not allow the recommendation "${recommendationWords[recommendation]}"; it allows: ${policy.outcomes.map((o) => recommendationWords[o]).join(', ')}.`,
          { allowed: [...policy.outcomes] },
        );
      }
      if (state.assessments.length === 0 && recommendation !== 'healthReferral') {
        refuse(
          'recommendation-before-assessment',
          'No assessment has been recorded yet: record the initial assessment before recommending anything but a health referral.',
        );
      }
      const pending = state.recommendations.find((r) => r.status === 'submitted');
      if (pending) {
        refuse(
          'recommendation-pending',
          `Recommendation ${pending.number} is waiting for a supervisor's approval: a new one can be made once it is approved or sent back.`,
        );
      }
      requireAssignedWorker(state, command.actorId, 'recommend what comes next');
      const fields = {
        clientId,
        recommendationNumber: state.recommendations.length + 1,
        recommendation,
        reasons: command.reasons,
        childView: command.childView,
      };
      return [
        policy.supervisorApproval
          ? cataloguedEvent('RecommendationSubmitted', fields)
          : cataloguedEvent('RecommendationMade', fields),
      ];
    }

    case 'ApproveRecommendation': {
      const clientId = requireStarted(state);
      const submitted = pendingRecommendation(state, command.recommendationNumber);
      return [
        cataloguedEvent('RecommendationMade', {
          clientId,
          recommendationNumber: submitted.number,
          recommendation: submitted.recommendation,
          reasons: submitted.reasons,
          childView: submitted.childView,
          approvedBy: command.supervisorId,
        }),
      ];
    }

    case 'RejectRecommendation': {
      const clientId = requireStarted(state);
      const submitted = pendingRecommendation(state, command.recommendationNumber);
      return [
        cataloguedEvent('RecommendationRejected', {
          clientId,
          recommendationNumber: submitted.number,
          reason: command.reason,
        }),
      ];
    }
  }
}

function withRecommendation(
  state: AssessmentState,
  number: number,
  change: (record: RecommendationRecord) => RecommendationRecord,
): RecommendationRecord[] {
  return state.recommendations.map((r) => (r.number === number ? change(r) : r));
}

function evolve(state: AssessmentState, event: AssessmentEvent): AssessmentState {
  switch (event.type) {
    case 'AssessmentStarted': {
      const p = event.payload;
      return {
        ...state,
        status: 'started',
        caseNumber: p.caseNumber,
        clientId: p.clientId,
        clientCategory: p.clientCategory,
        // A transfer recorded before the start (two topics may reorder) already names the office.
        officeCode: state.officeCode ?? p.owningOfficeCode,
        custodian: p.custodian,
        serviceStandard: p.serviceStandard,
        steps: p.steps,
      };
    }
    case 'AssessmentClockStarted': {
      const { clock, ...started } = event.payload;
      return {
        ...state,
        clocks: { ...state.clocks, [clock]: { ...state.clocks[clock], code: clock, ...started } },
      };
    }
    case 'AssessmentClockStopped': {
      const { clock, ...stopped } = event.payload;
      return {
        ...state,
        clocks: { ...state.clocks, [clock]: { ...state.clocks[clock], code: clock, ...stopped } },
      };
    }
    case 'SocialWorkerAssigned':
      return { ...state, socialWorkerId: event.payload.socialWorkerId };
    case 'AssessmentTransferred': {
      const { fromOfficeCode, toOfficeCode, transferredAt } = event.payload;
      return {
        ...state,
        officeCode: toOfficeCode,
        socialWorkerId: undefined,
        transfers: [...state.transfers, { fromOfficeCode, toOfficeCode, transferredAt }],
      };
    }
    case 'AssessmentRecorded': {
      const p = event.payload;
      return {
        ...state,
        assessments: [
          ...state.assessments,
          { number: p.assessmentNumber, kind: p.kind, assessedOn: p.assessedOn },
        ],
      };
    }
    case 'RehabilitationNoteRecorded':
      return {
        ...state,
        rehabilitationNotes: {
          ...state.rehabilitationNotes,
          [event.payload.day]: { services: event.payload.services },
        },
      };
    case 'RecommendationSubmitted': {
      const p = event.payload;
      return {
        ...state,
        recommendations: [
          ...state.recommendations,
          {
            number: p.recommendationNumber,
            recommendation: p.recommendation,
            status: 'submitted',
            reasons: p.reasons,
            childView: p.childView,
          },
        ],
      };
    }
    case 'RecommendationRejected':
      return {
        ...state,
        recommendations: withRecommendation(state, event.payload.recommendationNumber, (r) => ({
          ...r,
          status: 'rejected',
          rejectionReason: event.payload.reason,
        })),
      };
    case 'RecommendationMade': {
      const p = event.payload;
      const made: RecommendationRecord = {
        number: p.recommendationNumber,
        recommendation: p.recommendation,
        status: 'made',
        reasons: p.reasons,
        childView: p.childView,
        ...(p.approvedBy !== undefined ? { approvedBy: p.approvedBy } : {}),
      };
      const known = state.recommendations.some((r) => r.number === p.recommendationNumber);
      return {
        ...state,
        recommendations: known
          ? withRecommendation(state, p.recommendationNumber, () => made)
          : [...state.recommendations, made],
      };
    }
  }
}

/** Every event it decides is checked against the contracts before it can be appended. */
export const assessmentDecider = checkedAgainstCatalogue<
  AssessmentCommand,
  AssessmentState,
  AssessmentEvent
>({ initialState: initialAssessmentState, decide, evolve });
