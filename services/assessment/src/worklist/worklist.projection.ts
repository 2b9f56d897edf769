import type { EventPayload, Recommendation } from '@dinsos/contracts';
import type { RecordedEvent } from '@dinsos/event-store';
import { caseIdOf, rowPerCaseProjection } from '@dinsos/platform';
import type { AssessmentClock } from '../assessment/assessment.decider';

/**
 * The worklist: one row per case's assessment, kept from the service's own events (stream
 * `assessment-<caseId>`) in the store's global order, for "my assessments" and an office's
 * assessments with their clocks. Table `worklist` (assessment.migrations.ts).
 */

/** Where an assessment stands, in words. */
export type WorklistStage =
  'awaitingSocialWorker' | 'assessing' | 'awaitingApproval' | 'recommended';
export const worklistStages = [
  'awaitingSocialWorker',
  'assessing',
  'awaitingApproval',
  'recommended',
] as const satisfies readonly WorklistStage[];

/** A time limit of the pinned standard; start and stop merge in whichever order they arrive. */
export type WorklistClock = AssessmentClock;

export interface WorklistRow {
  caseId: string;
  /** False while only clock events arrived: the row stays out of every list until it starts. */
  started: boolean;
  caseNumber: string | null;
  /** The owning office: the one the case opened at, then each transfer's. */
  officeCode: string;
  clientCategory: string | null;
  /** The pinned standard of AssessmentStarted's envelope. */
  serviceStandard: { code: string; version: string | number } | null;
  /** Who held the client as the case opened (office, shelter, …). */
  custodianKind: string | null;
  /** Cleared by a transfer: the receiving office assigns its own. */
  socialWorkerId: string | null;
  /** The recommendation that stands. */
  recommendation: Recommendation | null;
  /** A submitted recommendation waiting for a supervisor. */
  submittedRecommendation: Recommendation | null;
  assessmentsRecorded: number;
  lastAssessedOn: string | null;
  /** Office-local days with a rehabilitation note, ascending, each once. */
  rehabilitationDays: string[];
  clocks: Record<string, WorklistClock>;
  /** occurredAt of AssessmentStarted. */
  startedAt: string | null;
}

export function stageOf(
  row: Pick<WorklistRow, 'recommendation' | 'submittedRecommendation' | 'socialWorkerId'>,
): WorklistStage {
  if (row.recommendation) return 'recommended';
  if (row.submittedRecommendation) return 'awaitingApproval';
  return row.socialWorkerId ? 'assessing' : 'awaitingSocialWorker';
}

/** The earliest due instant of the clocks still running (the list's order), or null. */
export function nextDueAt(row: Pick<WorklistRow, 'clocks'>): string | null {
  const due = Object.values(row.clocks)
    .filter((clock) => clock.dueAt !== undefined && clock.stoppedAt === undefined)
    .map((clock) => Date.parse(clock.dueAt!));
  return due.length > 0 ? new Date(Math.min(...due)).toISOString() : null;
}

export const worklistEventTypes = [
  'AssessmentStarted',
  'AssessmentTransferred',
  'SocialWorkerAssigned',
  'AssessmentRecorded',
  'RehabilitationNoteRecorded',
  'RecommendationSubmitted',
  'RecommendationRejected',
  'RecommendationMade',
  'AssessmentClockStarted',
  'AssessmentClockStopped',
] as const;

const emptyRow = (caseId: string, officeCode: string): WorklistRow => ({
  caseId,
  started: false,
  caseNumber: null,
  officeCode,
  clientCategory: null,
  serviceStandard: null,
  custodianKind: null,
  socialWorkerId: null,
  recommendation: null,
  submittedRecommendation: null,
  assessmentsRecorded: 0,
  lastAssessedOn: null,
  rehabilitationDays: [],
  clocks: {},
  startedAt: null,
});

const later = (a: string | null, b: string) => (a !== null && a > b ? a : b);

/** The row after one event (pure); undefined row: the case's first event. */
export function evolveWorklistRow(
  current: WorklistRow | undefined,
  event: RecordedEvent<object>,
): WorklistRow {
  const row = current ?? emptyRow(caseIdOf(event), event.officeCode);
  const payload = event.payload as Record<string, unknown>;
  switch (event.type) {
    case 'AssessmentStarted': {
      const started = payload as EventPayload<'AssessmentStarted'>;
      return {
        ...row,
        started: true,
        caseNumber: started.caseNumber,
        officeCode: started.owningOfficeCode,
        clientCategory: started.clientCategory,
        // The envelope's pinned standard; the payload names the same one since it was added.
        serviceStandard: (({ code, version }) => ({ code, version }))(
          event.serviceStandard ?? started.serviceStandard,
        ),
        custodianKind: started.custodian.kind,
        startedAt: event.occurredAt,
      };
    }
    case 'AssessmentTransferred': {
      const { toOfficeCode } = payload as EventPayload<'AssessmentTransferred'>;
      return { ...row, officeCode: toOfficeCode, socialWorkerId: null };
    }
    case 'SocialWorkerAssigned': {
      const { socialWorkerId } = payload as EventPayload<'SocialWorkerAssigned'>;
      return { ...row, socialWorkerId };
    }
    case 'AssessmentRecorded': {
      const { assessedOn } = payload as EventPayload<'AssessmentRecorded'>;
      return {
        ...row,
        assessmentsRecorded: row.assessmentsRecorded + 1,
        lastAssessedOn: later(row.lastAssessedOn, assessedOn),
      };
    }
    case 'RehabilitationNoteRecorded': {
      const { day } = payload as EventPayload<'RehabilitationNoteRecorded'>;
      return { ...row, rehabilitationDays: [...new Set([...row.rehabilitationDays, day])].sort() };
    }
    case 'RecommendationSubmitted': {
      const { recommendation } = payload as EventPayload<'RecommendationSubmitted'>;
      return { ...row, submittedRecommendation: recommendation };
    }
    case 'RecommendationRejected':
      return { ...row, submittedRecommendation: null };
    case 'RecommendationMade': {
      const { recommendation } = payload as EventPayload<'RecommendationMade'>;
      return { ...row, recommendation, submittedRecommendation: null };
    }
    case 'AssessmentClockStarted': {
      const { clock, ...started } = payload as EventPayload<'AssessmentClockStarted'>;
      return {
        ...row,
        clocks: { ...row.clocks, [clock]: { ...row.clocks[clock], code: clock, ...started } },
      };
    }
    case 'AssessmentClockStopped': {
      const { clock, ...stopped } = payload as EventPayload<'AssessmentClockStopped'>;
      return {
        ...row,
        clocks: { ...row.clocks, [clock]: { ...row.clocks[clock], code: clock, ...stopped } },
      };
    }
    default:
      return row;
  }
}

/** The table's columns, as jsonb_to_recordset reads a row (recordOf). */
const columns = `
  case_id text, started boolean, case_number text, office_code text, client_category text,
  service_standard jsonb, custodian_kind text, social_worker_id text, stage text,
  recommendation text, submitted_recommendation text, assessments_recorded int,
  last_assessed_on text, rehabilitation_days text[], clocks jsonb, next_due_at timestamptz,
  started_at text`;

export interface StoredRow {
  case_id: string;
  started: boolean;
  case_number: string | null;
  office_code: string;
  client_category: string | null;
  service_standard: WorklistRow['serviceStandard'];
  custodian_kind: string | null;
  social_worker_id: string | null;
  recommendation: Recommendation | null;
  submitted_recommendation: Recommendation | null;
  assessments_recorded: number;
  last_assessed_on: string | null;
  rehabilitation_days: string[];
  clocks: Record<string, WorklistClock>;
  started_at: string | null;
}

export function rowOf(stored: StoredRow): WorklistRow {
  return {
    caseId: stored.case_id,
    started: stored.started,
    caseNumber: stored.case_number,
    officeCode: stored.office_code,
    clientCategory: stored.client_category,
    serviceStandard: stored.service_standard,
    custodianKind: stored.custodian_kind,
    socialWorkerId: stored.social_worker_id,
    recommendation: stored.recommendation,
    submittedRecommendation: stored.submitted_recommendation,
    assessmentsRecorded: stored.assessments_recorded,
    lastAssessedOn: stored.last_assessed_on,
    rehabilitationDays: stored.rehabilitation_days,
    clocks: stored.clocks,
    startedAt: stored.started_at,
  };
}

function recordOf(row: WorklistRow) {
  return {
    case_id: row.caseId,
    started: row.started,
    case_number: row.caseNumber,
    office_code: row.officeCode,
    client_category: row.clientCategory,
    service_standard: row.serviceStandard,
    custodian_kind: row.custodianKind,
    social_worker_id: row.socialWorkerId,
    stage: stageOf(row),
    recommendation: row.recommendation,
    submitted_recommendation: row.submittedRecommendation,
    assessments_recorded: row.assessmentsRecorded,
    last_assessed_on: row.lastAssessedOn,
    rehabilitation_days: row.rehabilitationDays,
    clocks: row.clocks,
    next_due_at: nextDueAt(row),
    started_at: row.startedAt,
  };
}

export const worklistProjectionName = 'worklist';

/** Kept per read batch by the kit: the batch's rows read once, folded, written in one statement. */
export const worklistProjection = rowPerCaseProjection({
  name: worklistProjectionName,
  filter: { types: worklistEventTypes },
  table: 'worklist',
  columns,
  fold: evolveWorklistRow,
  rowOf,
  recordOf,
});
