import {
  addDays,
  endOfLocalDay,
  formatInstantInZone,
  localDateAt,
  slaStateOf,
  type SlaState,
} from '@dinsos/service-standards';
import type { CaseClock } from './case-clocks';
import type { CaseStage, CaseSummary, InquiryRecord } from './case-summary';
import { complaintSlaAt, worstSlaState, type ComplaintSla } from './complaint-summary';

export interface CaseClockSla {
  code: string;
  step: string | null;
  status: CaseClock['status'];
  startedAt: string | null;
  dueDate: string | null;
  dueAt: string | null;
  stoppedAt: string | null;
  /** Null while the clock has not started (or has no due date). */
  state: SlaState | null;
}

export interface InquiriesSla {
  /** Sent and not answered while tracing is under way. */
  open: number;
  answered: number;
  /** Open and past due, or recorded overdue by the timer. */
  overdue: number;
  /** The worst state of the open ones; null when none is open. */
  state: SlaState | null;
  /** The earliest due instant of the open ones. */
  nextDueAt: string | null;
}

export interface InstitutionStaySla {
  institution: string;
  limitDate: string | null;
  /**
   * Against the stay's limit: at risk in its last `atRiskDays` (placement's policy), breached
   * after it; null without a limit.
   */
  state: Exclude<SlaState, 'met'> | null;
  nextReviewDueOn: string | null;
  /** A review fell due (by date or by the timer) and has not been recorded. */
  reviewDue: boolean;
}

/** Everything in a case that depends on "now", judged at one instant. */
export interface CaseSla {
  caseId: string;
  /** The instant asked for. */
  at: string;
  /**
   * The instant the case's own clocks are judged at: `at`, or the closing event's time when the
   * case closed before it (a clock still running at closure is judged there, not forever after).
   */
  judgedAt: string;
  /** The owning office's day at `judgedAt` (WIB when the office's zone is unknown). */
  today: string;
  /** The worst state of the clocks started; null when none started. */
  state: SlaState | null;
  /** The earliest due instant of the clocks running. */
  nextDueAt: string | null;
  clocks: CaseClockSla[];
  inquiries: InquiriesSla;
  institutionStay: InstitutionStaySla | null;
  /** Complaints are judged at `at`: they go on after a case closes. */
  complaints: ComplaintSla[];
}

const iso = (now: Date | string) => (typeof now === 'string' ? now : now.toISOString());

function judgedAtOf(summary: CaseSummary, at: string): string {
  const closedAt = summary.closure?.occurredAt;
  return closedAt !== undefined && Date.parse(closedAt) < Date.parse(at) ? closedAt : at;
}

function clockSla(clock: CaseClock, at: string): CaseClockSla {
  const state =
    clock.startedAt !== null && clock.dueAt !== null
      ? slaStateOf(
          {
            startedAt: clock.startedAt,
            dueAt: clock.dueAt,
            ...(clock.stoppedAt !== null ? { stoppedAt: clock.stoppedAt } : {}),
          },
          at,
        )
      : null;
  return {
    code: clock.code,
    step: clock.step,
    status: clock.status,
    startedAt: clock.startedAt,
    dueDate: clock.dueDate,
    dueAt: clock.dueAt,
    stoppedAt: clock.stoppedAt,
    state,
  };
}

function earliest(instants: readonly string[]): string | null {
  if (instants.length === 0) return null;
  return instants.reduce((first, instant) =>
    Date.parse(instant) < Date.parse(first) ? instant : first,
  );
}

function inquiryState(inquiry: InquiryRecord, at: string): SlaState {
  if (inquiry.answeredOn !== null)
    return inquiry.answeredOn <= inquiry.dueDate ? 'met' : 'breached';
  if (inquiry.overdueRecorded) return 'breached';
  return slaStateOf({ startedAt: inquiry.sentAt, dueAt: inquiry.dueAt }, at);
}

function inquiriesSla(summary: CaseSummary, at: string): InquiriesSla {
  const tracing = summary.tracing;
  const open =
    tracing.status === 'tracing'
      ? tracing.inquiries.filter((inquiry) => inquiry.answeredOn === null)
      : [];
  const states = open.map((inquiry) => inquiryState(inquiry, at));
  return {
    open: open.length,
    answered: tracing.inquiries.filter((inquiry) => inquiry.answeredOn !== null).length,
    overdue: states.filter((state) => state === 'breached').length,
    state: worstSlaState(states),
    nextDueAt: earliest(open.map((inquiry) => inquiry.dueAt)),
  };
}

function staySla(summary: CaseSummary, today: string): InstitutionStaySla | null {
  const stay = summary.placement.institution;
  if (!stay || stay.status !== 'admitted') return null;
  const limit = stay.limitDate;
  const state =
    limit === null
      ? null
      : today > limit
        ? 'breached'
        : addDays(limit, -(summary.placement.atRiskDays ?? 0)) < today
          ? 'atRisk'
          : 'onTrack';
  return {
    institution: stay.institution,
    limitDate: limit,
    state,
    nextReviewDueOn: stay.nextReviewDueOn,
    reviewDue:
      stay.reviewsDue > stay.reviewsDone ||
      (stay.nextReviewDueOn !== null && stay.nextReviewDueOn <= today),
  };
}

/**
 * The case's SLA states at `now` (on track, at risk, breached, met): its pinned standard's
 * clocks, its inquiries, its institution stay and its complaints. Pure: the summary is not
 * changed, and the same summary judged at another instant gives that instant's answer.
 */
export function caseSlaAt(summary: CaseSummary, now: Date | string): CaseSla {
  const at = iso(now);
  const judgedAt = judgedAtOf(summary, at);
  const today = localDateAt(judgedAt, summary.timeZone ?? 'Asia/Jakarta');
  const clocks = summary.clocks.map((clock) => clockSla(clock, judgedAt));
  return {
    caseId: summary.caseId,
    at,
    judgedAt,
    today,
    state: worstSlaState(clocks.flatMap((clock) => (clock.state ? [clock.state] : []))),
    nextDueAt: earliest(
      clocks.flatMap((clock) =>
        clock.status === 'running' && clock.dueAt !== null ? [clock.dueAt] : [],
      ),
    ),
    clocks,
    inquiries: inquiriesSla(summary, judgedAt),
    institutionStay: staySla(summary, today),
    complaints: summary.complaints.map((complaint) => complaintSlaAt(complaint, at)),
  };
}

/** The end of an office-local day as an instant in the office's offset. */
export function endOfDayIn(summary: Pick<CaseSummary, 'timeZone'>, date: string): string {
  const zone = summary.timeZone ?? 'Asia/Jakarta';
  return formatInstantInZone(endOfLocalDay(date, zone), zone);
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Days spent in each stage so far (fractional; a stage entered twice adds up), from the stage
 * periods' `occurredAt` times; a stage the case is still in counts until `now`. `closed` is not
 * counted. For "average days per stage", sum these over cases and divide.
 */
export function daysPerStage(
  summary: CaseSummary,
  now: Date | string,
): Record<Exclude<CaseStage, 'closed'>, number> {
  const days = { intake: 0, assessment: 0, tracing: 0, placement: 0 };
  const until = Date.parse(iso(now));
  for (const period of summary.stages) {
    if (period.stage === 'closed') continue;
    const end = period.endedAt !== null ? Date.parse(period.endedAt) : until;
    days[period.stage] += Math.max(0, end - Date.parse(period.startedAt)) / DAY_MS;
  }
  return days;
}
