import type { ProcedureStep, ServiceStandard } from './service-standard';

export interface ProcedureProgress {
  /** Steps one of whose completing events happened. */
  completed: string[];
  /** Steps whose required steps are complete and whose condition (if any) holds, not yet done. */
  available: string[];
}

function isComplete(step: ProcedureStep, happened: ReadonlySet<string>): boolean {
  return step.completedBy.some((type: string) => happened.has(type));
}

/**
 * Where a case stands in its pinned standard's procedure, from the types of its events: the
 * order of steps comes from the standard, not from code.
 */
export function procedureProgress(
  standard: Pick<ServiceStandard, 'steps'>,
  eventTypes: Iterable<string>,
): ProcedureProgress {
  const happened = new Set(eventTypes);
  const completed = new Set(
    standard.steps.filter((s) => isComplete(s, happened)).map((s) => s.code),
  );
  const available = standard.steps
    .filter(
      (step) =>
        !completed.has(step.code) &&
        step.requires.every((required) => completed.has(required)) &&
        (step.condition === undefined || happened.has(step.condition.afterEvent)),
    )
    .map((step) => step.code);
  return { completed: [...completed], available };
}

/** The steps a service performs under a standard, in procedure order. */
export function stepsPerformedBy(
  standard: Pick<ServiceStandard, 'steps'>,
  service: ProcedureStep['performedBy'],
): ProcedureStep[] {
  return standard.steps.filter((step) => step.performedBy === service);
}
