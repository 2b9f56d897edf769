import type { EventPayload } from '@dinsos/contracts';
import {
  caseReactionTarget,
  clockChangesOn,
  clockEventTypes,
  type AnyReaction,
  type ClockSelection,
  type Reaction,
} from '@dinsos/platform';
import { stepsPerformedBy, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import {
  assessmentDecider,
  assessmentStreamId,
  type AssessmentCommand,
  type AssessmentEvent,
  type AssessmentState,
} from './assessment.decider';

/**
 * What assessment does with other contexts' events. Each reaction's name is part of every event
 * id it derives: never rename one once deployed.
 */
type AssessmentReaction = Reaction<AssessmentCommand, AssessmentState, AssessmentEvent>;

/** Intake's CaseOpened → the assessment starts, with the pinned standard's assessment steps. */
export function startAssessmentOnCaseOpened(
  standards: ServiceStandardCatalogue,
): AssessmentReaction {
  return {
    name: 'start-assessment-on-case-opened',
    decider: assessmentDecider,
    toCommand(event) {
      const opened = event.payload as EventPayload<'CaseOpened'>;
      const standard = standards.get(opened.serviceStandard);
      return caseReactionTarget(
        event,
        assessmentStreamId,
        {
          type: 'StartAssessment',
          caseNumber: opened.caseNumber,
          clientId: opened.clientId,
          clientCategory: opened.clientCategory,
          owningOfficeCode: opened.owningOfficeCode,
          custodian: opened.custodian,
          serviceStandard: opened.serviceStandard,
          steps: stepsPerformedBy(standard, 'assessment').map((step) => step.code),
        },
        opened.owningOfficeCode,
      );
    },
  };
}

/** Intake's CaseTransferred → the assessment moves to the receiving office. */
export const recordTransferOnCaseTransferred: AssessmentReaction = {
  name: 'record-transfer-on-case-transferred',
  decider: assessmentDecider,
  toCommand(event) {
    const transferred = event.payload as EventPayload<'CaseTransferred'>;
    return caseReactionTarget(
      event,
      assessmentStreamId,
      {
        type: 'RecordTransfer',
        fromOfficeCode: transferred.fromOfficeCode,
        toOfficeCode: transferred.toOfficeCode,
        transferredAt: event.occurredAt,
      },
      transferred.toOfficeCode,
    );
  },
};

/** A clock belongs to the assessment when it is one of its steps' own, or the whole service's. */
const assessmentClocks: ClockSelection = (limit, standard) =>
  !limit.step || stepsPerformedBy(standard, 'assessment').some((step) => step.code === limit.step);

/**
 * Another context's event that starts or stops clocks of the case's pinned standard → the
 * clocks, with due dates in the owning office's time zone and working calendar (the kit's rules).
 */
export function recordClocksOn(
  type: string,
  standards: ServiceStandardCatalogue,
): AssessmentReaction {
  return {
    name: `record-clocks-on-${type}`,
    decider: assessmentDecider,
    toCommand(event) {
      const { started, stopped } = clockChangesOn(event, standards, assessmentClocks);
      if (started.length === 0 && stopped.length === 0) return null;
      return caseReactionTarget(event, assessmentStreamId, {
        type: 'RecordClocks',
        started,
        stopped,
      });
    },
  };
}

/** Everything assessment follows, by event type (one reaction each). */
export function assessmentReactions(
  standards: ServiceStandardCatalogue,
): Record<string, AnyReaction> {
  const reactions: Record<string, AnyReaction> = {
    CaseOpened: startAssessmentOnCaseOpened(standards),
    CaseTransferred: recordTransferOnCaseTransferred,
  };
  for (const type of clockEventTypes(standards, 'assessment', assessmentClocks)) {
    if (reactions[type]) {
      throw new Error(`${type} both starts a clock and has a reaction of its own: combine them`);
    }
    reactions[type] = recordClocksOn(type, standards);
  }
  return reactions;
}
