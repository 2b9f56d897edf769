import { schemas } from '@dinsos/contracts';
import type {
  DueTimer,
  ReactionDependencies,
  TimerDefinition,
  TimerToSchedule,
} from '@dinsos/platform';
import { z } from 'zod';
import {
  tracingDecider,
  tracingStreamId,
  type TracingCommand,
  type TracingEvent,
  type TracingState,
} from '../tracing/tracing.decider';

/**
 * Part of the id of every InquiryOverdue the timer appends (with the timer's id): never rename.
 */
export const inquiryOverdueTimerName = 'inquiry-overdue';

/** One timer per inquiry: inquiry ids are UUIDs the route makes, unique across cases. */
export function inquiryOverdueTimerId(inquiryId: string): string {
  return `${inquiryOverdueTimerName}:${inquiryId}`;
}

/** What the timer keeps until it is due. */
const OverdueData = z.object({
  inquiryId: z.string().min(1).max(100),
  /** The inquiry's dueAt as InquirySent states it (with the office's offset). */
  dueAt: z.iso.datetime({ offset: true }),
  serviceStandard: schemas.ServiceStandardRef,
});
type OverdueData = z.infer<typeof OverdueData>;

/**
 * The overdue timer of an inquiry just sent, to schedule (scheduleTimer) in the transaction that
 * appends its InquirySent: due at the inquiry's dueAt.
 */
export function inquiryOverdueTimer(inquiry: {
  caseId: string;
  officeCode: string;
  data: OverdueData;
  correlationId: string;
  /** The InquirySent event's id. */
  causationId: string;
}): TimerToSchedule {
  return {
    timerId: inquiryOverdueTimerId(inquiry.data.inquiryId),
    name: inquiryOverdueTimerName,
    dueAt: new Date(inquiry.data.dueAt),
    officeCode: inquiry.officeCode,
    caseId: inquiry.caseId,
    data: inquiry.data,
    correlationId: inquiry.correlationId,
    causationId: inquiry.causationId,
  };
}

/**
 * When an inquiry's due time passes: MarkOverdue on the case's tracing. The decider records
 * InquiryOverdue only for an inquiry still waiting for its answer, once; the kit fires each timer
 * once whatever number of instances run, and the event's id derives from the timer's, so even a
 * second firing would append nothing. An answer cancels the timer (see the answer routes).
 */
export const inquiryOverdue: TimerDefinition<TracingCommand, TracingState, TracingEvent> = {
  name: inquiryOverdueTimerName,
  decider: tracingDecider,
  toCommand(timer: DueTimer) {
    if (!timer.caseId) throw new Error(`timer ${timer.timerId} has no case`);
    const { inquiryId, dueAt, serviceStandard } = OverdueData.parse(timer.data);
    return {
      streamId: tracingStreamId(timer.caseId),
      command: { type: 'MarkOverdue', inquiryId, dueAt },
      officeCode: timer.officeCode,
      caseId: timer.caseId,
      serviceStandard,
    };
  },
};

/** The timers of inquiries (PlatformFeatures.timers). */
export function inquiryTimers(
  _dependencies: ReactionDependencies,
): TimerDefinition<TracingCommand, TracingState, TracingEvent>[] {
  return [inquiryOverdue];
}
