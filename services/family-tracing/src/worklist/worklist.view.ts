import {
  formatInstantInZone,
  localDateAt,
  type IndonesianTimeZone,
  type OfficeDirectory,
} from '@dinsos/service-standards';
import {
  nextDueAt,
  type TracingStatus,
  type WaitingInquiry,
  type WorklistRow,
} from './worklist.projection';

/**
 * Where an inquiry without its answer stands at a moment, in the owning office's time zone:
 * `overdue` once its due instant has passed (or the kit's timer recorded it overdue), `dueToday`
 * when it falls due later on the office's day, else `waiting`.
 */
export type WaitingState = 'waiting' | 'dueToday' | 'overdue';

/** Most urgent first. */
const urgency: Record<WaitingState, number> = { overdue: 0, dueToday: 1, waiting: 2 };

export function waitingStateOf(
  inquiry: { dueAt: string; overdueRecorded?: boolean },
  now: Date,
  timeZone: IndonesianTimeZone,
): WaitingState {
  const due = Date.parse(inquiry.dueAt);
  if (inquiry.overdueRecorded || now.getTime() > due) return 'overdue';
  return localDateAt(inquiry.dueAt, timeZone) === localDateAt(now, timeZone)
    ? 'dueToday'
    : 'waiting';
}

/** The most urgent of some states; `waiting` for none. */
export function mostUrgent(states: readonly WaitingState[]): WaitingState {
  return states.reduce<WaitingState>(
    (most, state) => (urgency[state] < urgency[most] ? state : most),
    'waiting',
  );
}

export interface WaitingInquiryView {
  inquiryId: string;
  channel: WaitingInquiry['channel'];
  addressee: WaitingInquiry['addressee'];
  letterNumber: string;
  candidateId: string | null;
  sentOn: string;
  /** The office-local day the letter names. */
  dueDate: string;
  /** The due instant, in the owning office's offset. */
  dueAt: string;
  state: WaitingState;
}

export interface WorklistItem {
  caseId: string;
  officeCode: string;
  /** The owning office's time zone, in which every instant of the item is given. */
  timeZone: IndonesianTimeZone | null;
  officerId: string | null;
  status: TracingStatus | null;
  startedAt: string | null;
  /** The earliest due instant of its inquiries waiting. */
  nextDueAt: string | null;
  /** The most urgent state of its inquiries waiting. */
  state: WaitingState;
  /** Its inquiries waiting, most urgent (earliest due) first. */
  inquiries: WaitingInquiryView[];
}

/**
 * A row as the worklist answers it at `now` (the service's clock): instants in the owning
 * office's offset, each inquiry's state judged on the office's day. An office the directory
 * lacks keeps the instants as the events gave them, and its days are counted in WIB.
 */
export function worklistItemOf(
  row: WorklistRow,
  now: Date,
  offices: OfficeDirectory,
): WorklistItem {
  const timeZone = offices.has(row.officeCode) ? offices.get(row.officeCode).timeZone : null;
  const zone = timeZone ?? 'Asia/Jakarta';
  const local = (instant: string | null) =>
    instant === null ? null : timeZone ? formatInstantInZone(instant, timeZone) : instant;
  const inquiries = Object.values(row.inquiries)
    .sort(
      (a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt) || a.inquiryId.localeCompare(b.inquiryId),
    )
    .map((inquiry): WaitingInquiryView => ({
      inquiryId: inquiry.inquiryId,
      channel: inquiry.channel,
      addressee: inquiry.addressee,
      letterNumber: inquiry.letterNumber,
      candidateId: inquiry.candidateId ?? null,
      sentOn: inquiry.sentOn,
      dueDate: inquiry.dueDate,
      dueAt: local(inquiry.dueAt)!,
      state: waitingStateOf(inquiry, now, zone),
    }));
  return {
    caseId: row.caseId,
    officeCode: row.officeCode,
    timeZone,
    officerId: row.officerId,
    status: row.status,
    startedAt: local(row.startedAt),
    nextDueAt: local(nextDueAt(row)),
    state: mostUrgent(inquiries.map((inquiry) => inquiry.state)),
    inquiries,
  };
}
