import { instantMillis, type Instant } from '../offices/time-zones';

/**
 * How a clock stands for a worklist: on track, at risk (the last fifth of its span, and always
 * its last day), or breached (past due, or stopped after it).
 */
export type SlaState = 'onTrack' | 'atRisk' | 'breached' | 'met';

const DAY = 24 * 60 * 60 * 1000;
/** The share of a clock's span left when it turns "at risk". */
export const atRiskShare = 0.2;

export interface SlaClock {
  startedAt: Instant;
  dueAt: Instant;
  /** When it stopped, if it did. */
  stoppedAt?: Instant;
}

export function slaStateOf(clock: SlaClock, now: Instant): SlaState {
  const due = instantMillis(clock.dueAt);
  if (clock.stoppedAt !== undefined) {
    return instantMillis(clock.stoppedAt) <= due ? 'met' : 'breached';
  }
  const at = instantMillis(now);
  if (at > due) return 'breached';
  const span = due - instantMillis(clock.startedAt);
  const warning = Math.max(span * atRiskShare, DAY);
  return due - at <= warning ? 'atRisk' : 'onTrack';
}
