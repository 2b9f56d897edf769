import type { ReactionDependencies, TimerDefinition } from '@dinsos/platform';
import type { TracingCommand, TracingEvent, TracingState } from '../tracing/tracing.decider';

/** The timers of inquiries (PlatformFeatures.timers). */
export function inquiryTimers(
  _dependencies: ReactionDependencies,
): TimerDefinition<TracingCommand, TracingState, TracingEvent>[] {
  return [];
}
