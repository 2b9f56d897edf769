import { schemas } from '@dinsos/contracts';
import type { DueTimer, TimerDefinition, TimerToSchedule } from '@dinsos/platform';
import { z } from 'zod';
import {
  placementDecider,
  placementStreamId,
  type PlacementCommand,
  type PlacementEvent,
  type PlacementState,
} from '../placement/placement.decider';

/** Part of the id of every InstitutionReviewDue the timer appends: never rename. */
export const stayReviewTimerName = 'institution-stay-review';

/**
 * One timer per review of a stay: a stay is named by its admission's instant, so a later stay
 * of the same case (after a discharge and a new referral) gets timers of its own.
 */
export function stayReviewTimerId(
  caseId: string,
  admittedAt: string,
  reviewNumber: number,
): string {
  return `${stayReviewTimerName}:${caseId}:${admittedAt}:${reviewNumber}`;
}

const ReviewData = z.object({
  reviewNumber: z.int().min(1),
  dueOn: schemas.IsoDate,
  serviceStandard: schemas.ServiceStandardRef,
});
type ReviewData = z.infer<typeof ReviewData>;

/**
 * The timer of the next review of a stay, scheduled in the transaction that records the
 * admission or the review before it: due at the start of the office-local day it falls due.
 */
export function stayReviewTimer(review: {
  caseId: string;
  /** The stay's admission instant, as AdmittedToInstitution records it. */
  admittedAt: string;
  officeCode: string;
  dueAt: Date;
  data: ReviewData;
  correlationId: string;
  /** The event that scheduled it (the admission's or the previous review's id). */
  causationId: string | null;
}): TimerToSchedule {
  return {
    timerId: stayReviewTimerId(review.caseId, review.admittedAt, review.data.reviewNumber),
    name: stayReviewTimerName,
    dueAt: review.dueAt,
    officeCode: review.officeCode,
    caseId: review.caseId,
    data: review.data,
    correlationId: review.correlationId,
    causationId: review.causationId,
  };
}

/**
 * When a review falls due: MarkReviewDue on the case's placement. The decider records it only
 * for a stay still running and a review not yet due, once; the kit fires each timer once whatever
 * the number of instances, and the event's id derives from the timer's.
 */
export const stayReviewDue: TimerDefinition<PlacementCommand, PlacementState, PlacementEvent> = {
  name: stayReviewTimerName,
  decider: placementDecider,
  toCommand(timer: DueTimer) {
    if (!timer.caseId) throw new Error(`timer ${timer.timerId} has no case`);
    const { reviewNumber, dueOn, serviceStandard } = ReviewData.parse(timer.data);
    return {
      streamId: placementStreamId(timer.caseId),
      command: { type: 'MarkReviewDue', reviewNumber, dueOn },
      officeCode: timer.officeCode,
      caseId: timer.caseId,
      serviceStandard,
    };
  },
};

/** The timers of placement (PlatformFeatures.timers). */
export function placementTimers(): TimerDefinition<
  PlacementCommand,
  PlacementState,
  PlacementEvent
>[] {
  return [stayReviewDue];
}
