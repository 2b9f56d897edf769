import {
  localDateAt,
  type IndonesianTimeZone,
  type ServiceStandard,
  type ServiceStandardCatalogue,
  type TimeLimitUnit,
} from '@dinsos/service-standards';

/**
 * A time limit of the case's pinned standard, following `evaluateClock` of service-standards:
 * started by the first `startsOn` event, stopped by the first `stopsOn` event after it, both at
 * the event's `occurredAt`; the due date computed once, at the start, in the owning office's
 * time zone and working calendar (as the services record their clocks, ADR 0014).
 */
export interface CaseClock {
  code: string;
  /** The step whose own clock this is; null for a clock of the whole service. */
  step: string | null;
  amount: number;
  unit: TimeLimitUnit;
  status: 'notStarted' | 'running' | 'stopped';
  /** The office whose zone and calendar the due date was counted in (the owner at the start). */
  officeCode: string | null;
  startedBy: string | null;
  startedAt: string | null;
  startDate: string | null;
  dueDate: string | null;
  /** The last millisecond of dueDate, in the office's offset. */
  dueAt: string | null;
  stoppedBy: string | null;
  stoppedAt: string | null;
  stopDate: string | null;
  /** Once stopped: whether it stopped by its due instant. */
  met: boolean | null;
}

export function clocksOfStandard(standard: ServiceStandard): CaseClock[] {
  return standard.timeLimits.map((limit) => ({
    code: limit.code,
    step: limit.step ?? null,
    amount: limit.amount,
    unit: limit.unit,
    status: 'notStarted',
    officeCode: null,
    startedBy: null,
    startedAt: null,
    startDate: null,
    dueDate: null,
    dueAt: null,
    stoppedBy: null,
    stoppedAt: null,
    stopDate: null,
    met: null,
  }));
}

/**
 * The clocks after an event of the case: the ones it starts and the ones it stops. `warn`
 * collects what could not be computed (an office the catalogue does not know, a year without a
 * holiday list), so a fold never throws on data it cannot judge.
 */
export function clocksAfter(
  clocks: readonly CaseClock[],
  standard: ServiceStandard,
  event: { type: string; occurredAt: string },
  owner: { officeCode: string | null; timeZone: IndonesianTimeZone | null },
  standards: ServiceStandardCatalogue,
  warn: (warning: string) => void,
): CaseClock[] {
  let changed = false;
  const next = clocks.map((clock) => {
    const limit = standard.timeLimits.find((candidate) => candidate.code === clock.code);
    if (!limit) return clock;
    if (
      clock.status === 'notStarted' &&
      (limit.startsOn as readonly string[]).includes(event.type)
    ) {
      const started = {
        ...clock,
        status: 'running' as const,
        officeCode: owner.officeCode,
        startedBy: event.type,
        startedAt: event.occurredAt,
      };
      changed = true;
      if (owner.officeCode === null || !standards.offices.has(owner.officeCode)) {
        warn(
          `clock ${clock.code} started on ${event.type} but office ${String(owner.officeCode)} is unknown to the standards catalogue: no due date`,
        );
        return started;
      }
      const due = standards.dueDate(owner.officeCode, limit, event.occurredAt);
      for (const year of due.yearsWithoutHolidayList) {
        warn(
          `clock ${clock.code}: ${year} has no holiday list, its working days count weekends only`,
        );
      }
      return {
        ...started,
        startDate: due.startDate,
        dueDate: due.dueDate,
        dueAt: due.dueAt,
      };
    }
    if (clock.status === 'running' && (limit.stopsOn as readonly string[]).includes(event.type)) {
      changed = true;
      return {
        ...clock,
        status: 'stopped' as const,
        stoppedBy: event.type,
        stoppedAt: event.occurredAt,
        stopDate: owner.timeZone ? localDateAt(event.occurredAt, owner.timeZone) : null,
        met: clock.dueAt === null ? null : Date.parse(event.occurredAt) <= Date.parse(clock.dueAt),
      };
    }
    return clock;
  });
  return changed ? next : (clocks as CaseClock[]);
}
