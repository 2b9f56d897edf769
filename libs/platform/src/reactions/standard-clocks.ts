import {
  isEventType,
  owningContextOf,
  type ContextName,
  type ReceivedEvent,
} from '@dinsos/contracts';
import {
  localDateAt,
  type ServiceStandard,
  type ServiceStandardCatalogue,
  type TimeLimit,
} from '@dinsos/service-standards';

/**
 * The time limits of the standards as a service keeps them: each starts and stops on events,
 * often of other contexts, so a service that shows a clock follows those events and records the
 * clock in its own stream (ADR 0014). These are the rules every such service shares.
 */

/** A clock that started on an event, its due date in the owning office's zone and calendar. */
export interface ClockStart {
  clock: string;
  step?: string;
  startedBy: string;
  startedAt: string;
  startDate: string;
  dueDate: string;
  dueAt: string;
}

/** A clock that stopped on an event. */
export interface ClockStop {
  clock: string;
  stoppedBy: string;
  stoppedAt: string;
  stopDate: string;
}

/** Which of a standard's time limits a service keeps. */
export type ClockSelection = (limit: TimeLimit, standard: ServiceStandard) => boolean;

/** The whole service's clocks (those of no step). */
export const wholeServiceClocks: ClockSelection = (limit) => !limit.step;

/**
 * Every event type outside `ownContext` that starts or stops a selected time limit of some
 * standard version (from the catalogue, never listed by hand).
 */
export function clockEventTypes(
  standards: ServiceStandardCatalogue,
  ownContext: ContextName,
  selection: ClockSelection = () => true,
  which: 'startsAndStops' | 'starts' = 'startsAndStops',
): string[] {
  const types = new Set<string>();
  for (const code of standards.codes()) {
    for (const standard of standards.versions(code)) {
      for (const limit of standard.timeLimits) {
        if (!selection(limit, standard)) continue;
        const triggers =
          which === 'starts' ? limit.startsOn : [...limit.startsOn, ...limit.stopsOn];
        for (const type of triggers) types.add(type);
      }
    }
  }
  return [...types].filter((type) => isEventType(type) && owningContextOf(type) !== ownContext);
}

/**
 * The selected clocks of the event's pinned standard that the event starts or stops, computed in
 * the event's office's time zone and working calendar. Empty for an event without a standard.
 */
export function clockChangesOn(
  event: Pick<ReceivedEvent, 'type' | 'occurredAt' | 'officeCode' | 'serviceStandard'>,
  standards: ServiceStandardCatalogue,
  selection: ClockSelection = () => true,
): { started: ClockStart[]; stopped: ClockStop[] } {
  if (!event.serviceStandard) return { started: [], stopped: [] };
  const standard = standards.get({
    code: event.serviceStandard.code,
    version: Number(event.serviceStandard.version),
  });
  const clocks = standard.timeLimits.filter((limit) => selection(limit, standard));
  const office = standards.offices.get(event.officeCode);
  const started = clocks
    .filter((limit) => (limit.startsOn as string[]).includes(event.type))
    .map((limit): ClockStart => {
      const due = standards.dueDate(office.code, limit, event.occurredAt);
      return {
        clock: limit.code,
        ...(limit.step ? { step: limit.step } : {}),
        startedBy: event.type,
        startedAt: event.occurredAt,
        startDate: due.startDate,
        dueDate: due.dueDate,
        dueAt: due.dueAt,
      };
    });
  const stopped = clocks
    .filter((limit) => (limit.stopsOn as string[]).includes(event.type))
    .map((limit): ClockStop => ({
      clock: limit.code,
      stoppedBy: event.type,
      stoppedAt: event.occurredAt,
      stopDate: localDateAt(event.occurredAt, office.timeZone),
    }));
  return { started, stopped };
}
