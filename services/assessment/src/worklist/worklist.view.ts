import {
  formatInstantInZone,
  localDateAt,
  type IndonesianTimeZone,
  type OfficeDirectory,
  type SlaState,
} from '@dinsos/service-standards';
import {
  nextDueAt,
  stageOf,
  type WorklistClock,
  type WorklistRow,
  type WorklistStage,
} from './worklist.projection';
import { daysWithoutNoteIn, slaOfClock } from '../assessment/assessment.decider';

/** A clock as the worklist shows it: instants in the owning office's offset, and its SLA state. */
export interface WorklistClockView {
  code: string;
  step: string | null;
  startedBy: string | null;
  startedAt: string | null;
  startDate: string | null;
  dueDate: string | null;
  dueAt: string | null;
  stoppedAt: string | null;
  stopDate: string | null;
  /** Against the service's clock; null while the clock's start has not arrived. */
  sla: SlaState | null;
  /**
   * A step's clock (the shelter's basic rehabilitation): the office-local days of care so far
   * without a rehabilitation note, from its start day to its stop day or today.
   */
  daysWithoutNote?: string[];
}

export interface WorklistItem {
  caseId: string;
  caseNumber: string | null;
  officeCode: string;
  /** The owning office's time zone, in which every instant and date of the item is given. */
  timeZone: IndonesianTimeZone | null;
  clientCategory: string | null;
  serviceStandard: { code: string; version: string | number } | null;
  custodianKind: string | null;
  socialWorkerId: string | null;
  stage: WorklistStage;
  /** The recommendation that stands (recommended), or the one awaiting approval. */
  recommendation: string | null;
  assessments: { recorded: number; lastAssessedOn: string | null };
  startedAt: string | null;
  /** The earliest due instant of the clocks still running. */
  nextDueAt: string | null;
  clocks: WorklistClockView[];
}

/** Clocks in the order they started; one whose start has not arrived last. */
const startMillis = (clock: WorklistClock) =>
  clock.startedAt ? Date.parse(clock.startedAt) : Number.MAX_SAFE_INTEGER;

/**
 * A row as the worklist answers it at `now` (the service's clock): instants in the owning
 * office's offset, SLA state per clock. An office the directory lacks keeps the instants as the
 * events gave them, and its days are counted in WIB.
 */
export function worklistItemOf(
  row: WorklistRow,
  now: Date,
  offices: OfficeDirectory,
): WorklistItem {
  const timeZone = offices.has(row.officeCode) ? offices.get(row.officeCode).timeZone : null;
  const local = (instant: string | null | undefined) =>
    instant == null ? null : timeZone ? formatInstantInZone(instant, timeZone) : instant;
  const today = localDateAt(now, timeZone ?? 'Asia/Jakarta');
  const noted = new Set(row.rehabilitationDays);
  const clockView = (clock: WorklistClock): WorklistClockView => {
    const view: WorklistClockView = {
      code: clock.code,
      step: clock.step ?? null,
      startedBy: clock.startedBy ?? null,
      startedAt: local(clock.startedAt),
      startDate: clock.startDate ?? null,
      dueDate: clock.dueDate ?? null,
      dueAt: local(clock.dueAt),
      stoppedAt: local(clock.stoppedAt),
      stopDate: clock.stopDate ?? null,
      sla: slaOfClock(clock, now),
    };
    if (clock.step !== undefined) {
      view.daysWithoutNote = daysWithoutNoteIn(clock, (day) => noted.has(day), today);
    }
    return view;
  };
  const stage = stageOf(row);
  return {
    caseId: row.caseId,
    caseNumber: row.caseNumber,
    officeCode: row.officeCode,
    timeZone,
    clientCategory: row.clientCategory,
    serviceStandard: row.serviceStandard,
    custodianKind: row.custodianKind,
    socialWorkerId: row.socialWorkerId,
    stage,
    recommendation:
      stage === 'recommended'
        ? row.recommendation
        : stage === 'awaitingApproval'
          ? row.submittedRecommendation
          : null,
    assessments: { recorded: row.assessmentsRecorded, lastAssessedOn: row.lastAssessedOn },
    startedAt: local(row.startedAt),
    nextDueAt: local(nextDueAt(row)),
    clocks: Object.values(row.clocks)
      .sort((a, b) => startMillis(a) - startMillis(b) || a.code.localeCompare(b.code))
      .map(clockView),
  };
}
