import { schemas } from '@dinsos/contracts';
import {
  cancelTimer,
  scheduleTimer,
  type DueTimer,
  type TimerDefinition,
  type TimerToSchedule,
} from '@dinsos/platform';
import type { PoolClient } from 'pg';
import { z } from 'zod';
import {
  complaintDecider,
  complaintStreamId,
  type ComplaintClock,
  type ComplaintCommand,
  type ComplaintEvent,
  type ComplaintState,
} from './complaint.decider';

/** Part of the id of every ComplaintSlaBreached the timer appends: never rename. */
export const slaBreachTimerName = 'complaint-sla-breach';

/**
 * One timer per running clock and due time: a clock whose due time a resume moved on gets a new
 * timer (and the old one is cancelled), a clock started again (a reopening) another.
 */
export function slaBreachTimerId(
  complaintId: string,
  clock: ComplaintClock,
  dueAt: string,
): string {
  return `${slaBreachTimerName}:${complaintId}:${clock}:${new Date(dueAt).toISOString()}`;
}

const BreachData = z.object({
  complaintId: schemas.Id,
  clock: z.enum(['verify', 'followUp', 'resolve']),
  /** The clock's dueAt as the events state it (with the office's offset). */
  dueAt: z.iso.datetime({ offset: true }),
  serviceStandard: schemas.ServiceStandardRef,
});

/** The clocks that need a breach timer: running, not breached, and not paused. */
function watched(state: ComplaintState): Map<string, { clock: ComplaintClock; dueAt: string }> {
  const timers = new Map<string, { clock: ComplaintClock; dueAt: string }>();
  if (!state.complaintId || state.pausedSince !== undefined) return timers;
  for (const [clock, value] of Object.entries(state.clocks) as [
    ComplaintClock,
    NonNullable<ComplaintState['clocks'][ComplaintClock]>,
  ][]) {
    if (!value.running || value.breached) continue;
    timers.set(slaBreachTimerId(state.complaintId, clock, value.dueAt), {
      clock,
      dueAt: value.dueAt,
    });
  }
  return timers;
}

/**
 * Brings the breach timers in line with a command's outcome, in its transaction: a clock that
 * stops (or pauses, or whose due time moves) has its timer cancelled; a clock that starts (or
 * resumes, or moves) gets one, due a millisecond after its dueAt (the last millisecond of the due
 * day is still in time).
 */
export async function syncBreachTimers(
  transaction: PoolClient,
  change: {
    before: ComplaintState;
    after: ComplaintState;
    correlationId: string;
    /** The command's first event: the cause of what a timer appends. */
    causationId: string;
  },
): Promise<void> {
  const before = watched(change.before);
  const after = watched(change.after);
  for (const timerId of before.keys()) {
    if (!after.has(timerId)) await cancelTimer(transaction, timerId);
  }
  const { after: state } = change;
  for (const [timerId, { clock, dueAt }] of after) {
    if (before.has(timerId)) continue;
    const timer: TimerToSchedule = {
      timerId,
      name: slaBreachTimerName,
      dueAt: new Date(Date.parse(dueAt) + 1),
      officeCode: state.officeCode!,
      ...(state.about ? { caseId: state.about.caseId } : {}),
      data: {
        complaintId: state.complaintId!,
        clock,
        dueAt,
        serviceStandard: state.serviceStandard!,
      },
      correlationId: change.correlationId,
      causationId: change.causationId,
    };
    await scheduleTimer(transaction, timer);
  }
}

/**
 * When a clock's due time passes: MarkBreached on the complaint. The decider records the breach
 * only for a clock still running with that due time, not breached, not paused; the kit fires
 * each timer once whatever the number of instances, and the event's id derives from the timer's.
 */
export const slaBreach: TimerDefinition<ComplaintCommand, ComplaintState, ComplaintEvent> = {
  name: slaBreachTimerName,
  decider: complaintDecider,
  toCommand(timer: DueTimer) {
    const { complaintId, clock, dueAt, serviceStandard } = BreachData.parse(timer.data);
    return {
      streamId: complaintStreamId(complaintId),
      command: { type: 'MarkBreached', clock, dueAt } satisfies ComplaintCommand,
      officeCode: timer.officeCode,
      ...(timer.caseId ? { caseId: timer.caseId } : {}),
      serviceStandard,
    };
  },
};

/** The timers of complaints (PlatformFeatures.timers). */
export function complaintTimers(): TimerDefinition<
  ComplaintCommand,
  ComplaintState,
  ComplaintEvent
>[] {
  return [slaBreach];
}
