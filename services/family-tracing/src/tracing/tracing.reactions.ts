import type { EventPayload } from '@dinsos/contracts';
import { caseReactionTarget, type AnyReaction, type Reaction } from '@dinsos/platform';
import type { ServiceStandard, ServiceStandardCatalogue } from '@dinsos/service-standards';
import {
  tracingDecider,
  tracingStreamId,
  type TracingCommand,
  type TracingEvent,
  type TracingState,
} from './tracing.decider';

/**
 * What family tracing does with other contexts' events. Each reaction's name is part of every
 * event id it derives: never rename one once deployed.
 */
type TracingReaction = Reaction<TracingCommand, TracingState, TracingEvent>;

/**
 * Whether a recommendation starts tracing under a standard: one to trace the family, or any but a
 * health referral where the standard's tracing step follows the step the recommendation completes
 * (seed 004: return home and an LKS both wait for tracing's outcome). A standard without a
 * tracing policy (seed 000) never traces.
 */
export function recommendationStartsTracing(
  standard: ServiceStandard,
  recommendation: EventPayload<'RecommendationMade'>['recommendation'],
): boolean {
  if (!standard.tracing) return false;
  if (recommendation === 'traceFamily') return true;
  if (recommendation === 'healthReferral') return false;
  const completedByRecommendation = new Set(
    standard.steps
      .filter((step) => (step.completedBy as string[]).includes('RecommendationMade'))
      .map((step) => step.code),
  );
  return standard.steps.some(
    (step) =>
      step.performedBy === 'family-tracing' &&
      step.requires.some((required) => completedByRecommendation.has(required)),
  );
}

/** Assessment's RecommendationMade → tracing starts, where the pinned standard says so. */
export function startTracingOnRecommendation(standards: ServiceStandardCatalogue): TracingReaction {
  return {
    name: 'start-tracing-on-recommendation',
    decider: tracingDecider,
    toCommand(event) {
      const made = event.payload as EventPayload<'RecommendationMade'>;
      if (!event.serviceStandard) return null;
      const standard = standards.get(event.serviceStandard);
      if (!recommendationStartsTracing(standard, made.recommendation)) return null;
      const serviceStandard = { code: standard.code, version: standard.version };
      return caseReactionTarget(
        event,
        tracingStreamId,
        {
          type: 'StartTracing',
          clientId: made.clientId,
          owningOfficeCode: event.officeCode,
          serviceStandard,
          startedBy: { eventType: event.type, recommendation: made.recommendation },
          inquiryPeriodDays: standard.tracing!.inquiryPeriodDays,
          consentRequired: standard.tracing!.consentRequired,
        },
        event.officeCode,
      );
    },
  };
}

/** Intake's CaseTransferred → tracing moves to the receiving office. */
export const recordTransferOnCaseTransferred: TracingReaction = {
  name: 'record-transfer-on-case-transferred',
  decider: tracingDecider,
  toCommand(event) {
    const { fromOfficeCode, toOfficeCode } = event.payload as EventPayload<'CaseTransferred'>;
    return caseReactionTarget(
      event,
      tracingStreamId,
      { type: 'RecordTransfer', fromOfficeCode, toOfficeCode },
      toOfficeCode,
    );
  },
};

/** Everything family tracing follows, by event type. */
export function tracingReactions(standards: ServiceStandardCatalogue): Record<string, AnyReaction> {
  return {
    RecommendationMade: startTracingOnRecommendation(standards),
    CaseTransferred: recordTransferOnCaseTransferred,
  };
}
