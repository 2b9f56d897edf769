import { isEventType, owningContextOf, type EventPayload } from '@dinsos/contracts';
import { caseReactionTarget, type AnyReaction, type Reaction } from '@dinsos/platform';
import {
  localDateAt,
  stepsPerformedBy,
  type ServiceStandard,
  type ServiceStandardCatalogue,
} from '@dinsos/service-standards';
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

/**
 * Every event type that starts or stops a time limit of some standard, other than assessment's
 * own: the clocks this service shows come from the pinned standard, not from code.
 */
export function clockEventTypes(standards: ServiceStandardCatalogue): string[] {
  const types = new Set<string>();
  for (const code of standards.codes()) {
    for (const standard of standards.versions(code)) {
      for (const limit of standard.timeLimits) {
        for (const type of [...limit.startsOn, ...limit.stopsOn]) types.add(type);
      }
    }
  }
  return [...types].filter((type) => isEventType(type) && owningContextOf(type) !== 'assessment');
}

function clocksOf(standard: ServiceStandard) {
  const assessmentSteps = new Set(stepsPerformedBy(standard, 'assessment').map((s) => s.code));
  // A clock belongs to the assessment when it is one of its steps' own, or the whole service's.
  return standard.timeLimits.filter((limit) => !limit.step || assessmentSteps.has(limit.step));
}

/**
 * Another context's event that starts or stops clocks of the case's pinned standard → the
 * clocks, with due dates in the owning office's time zone and working calendar.
 */
export function recordClocksOn(
  type: string,
  standards: ServiceStandardCatalogue,
): AssessmentReaction {
  return {
    name: `record-clocks-on-${type}`,
    decider: assessmentDecider,
    toCommand(event) {
      if (!event.serviceStandard) return null;
      const clocks = clocksOf(standards.get(event.serviceStandard));
      const starting = clocks.filter((limit) => (limit.startsOn as string[]).includes(type));
      const stopping = clocks.filter((limit) => (limit.stopsOn as string[]).includes(type));
      if (starting.length === 0 && stopping.length === 0) return null;
      const office = standards.offices.get(event.officeCode);
      return caseReactionTarget(event, assessmentStreamId, {
        type: 'RecordClocks',
        started: starting.map((limit) => {
          const due = standards.dueDate(office.code, limit, event.occurredAt);
          return {
            clock: limit.code,
            ...(limit.step ? { step: limit.step } : {}),
            startedBy: type,
            startedAt: event.occurredAt,
            startDate: due.startDate,
            dueDate: due.dueDate,
            dueAt: due.dueAt,
          };
        }),
        stopped: stopping.map((limit) => ({
          clock: limit.code,
          stoppedBy: type,
          stoppedAt: event.occurredAt,
          stopDate: localDateAt(event.occurredAt, office.timeZone),
        })),
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
  for (const type of clockEventTypes(standards)) {
    if (reactions[type]) {
      throw new Error(`${type} both starts a clock and has a reaction of its own: combine them`);
    }
    reactions[type] = recordClocksOn(type, standards);
  }
  return reactions;
}
