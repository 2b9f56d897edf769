import { WorkingCalendar } from '../calendar/working-calendar';
import {
  addDays,
  addMonths,
  endOfLocalDay,
  formatInstantInZone,
  instantMillis,
  localDateAt,
  type IndonesianTimeZone,
  type Instant,
  type LocalDate,
} from '../offices/time-zones';
import type { TimeLimit, TimeLimitUnit } from '../standards/service-standard';

export interface DueDate {
  /** The office-local date the clock started on. */
  startDate: LocalDate;
  /** The last office-local day within the limit. */
  dueDate: LocalDate;
  /** The last millisecond of dueDate, in the office's offset, e.g. `2026-03-09T23:59:59.999+07:00`. */
  dueAt: string;
  /** Years counted without a holiday list (see WorkingCalendar); empty unless the unit is working days. */
  yearsWithoutHolidayList: number[];
}

export interface DueDateContext {
  /** The owning office's zone: the start date and the due date are that office's dates. */
  timeZone: IndonesianTimeZone;
  calendar?: WorkingCalendar;
}

const defaultCalendar = new WorkingCalendar();

/**
 * When a clock that started at `startedAt` runs out, in the office's own time zone. The day the
 * clock starts is day 0 and every limit ends at the end of a day:
 * - calendarDays n: n days after the start date ("7 Hari" from Monday 2 March ends Monday 9 March);
 * - workingDays n: the n-th working day after the start date;
 * - months n: the same day of the month n months on (clamped to the month's last day);
 * - runningYear n ("tahun berjalan"): n years on, the same date the next year. Read this way
 *   rather than "until 31 December" because the seed's headline is "1 Tahun" and a year-end
 *   reading would give a child admitted in December a few days of a year-long service.
 */
export function dueDateOf(
  limit: Pick<TimeLimit, 'amount' | 'unit'>,
  startedAt: Instant,
  context: DueDateContext,
): DueDate {
  const startDate = localDateAt(startedAt, context.timeZone);
  const { date: dueDate, yearsWithoutHolidayList } = addLimit(
    startDate,
    limit.amount,
    limit.unit,
    context.calendar ?? defaultCalendar,
  );
  return {
    startDate,
    dueDate,
    dueAt: formatInstantInZone(endOfLocalDay(dueDate, context.timeZone), context.timeZone),
    yearsWithoutHolidayList,
  };
}

function addLimit(
  start: LocalDate,
  amount: number,
  unit: TimeLimitUnit,
  calendar: WorkingCalendar,
): { date: LocalDate; yearsWithoutHolidayList: number[] } {
  switch (unit) {
    case 'calendarDays':
      return { date: addDays(start, amount), yearsWithoutHolidayList: [] };
    case 'workingDays':
      return calendar.addWorkingDays(start, amount);
    case 'months':
      return { date: addMonths(start, amount), yearsWithoutHolidayList: [] };
    case 'runningYear':
      return { date: addMonths(start, 12 * amount), yearsWithoutHolidayList: [] };
    default: {
      const unknown: never = unit;
      throw new RangeError(`unknown time limit unit ${String(unknown)}`);
    }
  }
}

/** A limit's clock over a case's events (in position order; times from `occurredAt`). */
export type ClockState =
  | { status: 'notStarted' }
  | { status: 'running'; startedAt: string; due: DueDate; overdue: boolean }
  | { status: 'stopped'; startedAt: string; stoppedAt: string; due: DueDate; metDeadline: boolean };

export interface ClockEvent {
  type: string;
  occurredAt: string;
}

/**
 * Where a limit's clock stands: started by the first `startsOn` event, stopped by the first
 * `stopsOn` event after it. `now` decides whether a running clock is overdue.
 */
export function evaluateClock(
  limit: Pick<TimeLimit, 'amount' | 'unit' | 'startsOn' | 'stopsOn'>,
  events: readonly ClockEvent[],
  context: DueDateContext & { now: Instant },
): ClockState {
  const startIndex = events.findIndex((event) =>
    (limit.startsOn as readonly string[]).includes(event.type),
  );
  if (startIndex < 0) return { status: 'notStarted' };
  const start = events[startIndex];
  const due = dueDateOf(limit, start.occurredAt, context);
  const deadline = instantMillis(due.dueAt);
  const stop = events
    .slice(startIndex + 1)
    .find((event) => (limit.stopsOn as readonly string[]).includes(event.type));
  if (stop) {
    return {
      status: 'stopped',
      startedAt: start.occurredAt,
      stoppedAt: stop.occurredAt,
      due,
      metDeadline: instantMillis(stop.occurredAt) <= deadline,
    };
  }
  return {
    status: 'running',
    startedAt: start.occurredAt,
    due,
    overdue: instantMillis(context.now) > deadline,
  };
}
