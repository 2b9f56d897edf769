import { owningContextOf, isEventType } from '@dinsos/contracts';
import {
  procedureProgress,
  type ServiceStandard,
  type ServiceStandardCatalogue,
} from '@dinsos/service-standards';

/**
 * The order of steps comes from the pinned standard, not from code: a placement step (a referral
 * letter, a return home, an LKS referral) may be taken only once the steps it requires are
 * complete. Those steps are completed by other contexts' events (seed 000: fingerprints and
 * photo at intake after the Peksos assessment), which placement notes as facts.
 */

/** Every other context's event type that completes a step some placement step requires. */
export function prerequisiteEventTypes(standards: ServiceStandardCatalogue): string[] {
  const types = new Set<string>();
  for (const code of standards.codes()) {
    for (const standard of standards.versions(code)) {
      for (const step of standard.steps) {
        if (step.performedBy === 'placement') continue;
        for (const type of step.completedBy) types.add(type);
      }
    }
  }
  return [...types].filter((type) => isEventType(type) && owningContextOf(type) !== 'placement');
}

/**
 * The steps still missing before an event that completes a placement step may happen: empty when
 * the event completes no step of the standard, or when its step is available or already done.
 */
export function missingStepsBefore(
  standard: ServiceStandard,
  eventType: string,
  happened: readonly string[],
): { code: string; text: string }[] {
  const step = standard.steps.find(
    (candidate) =>
      candidate.performedBy === 'placement' &&
      (candidate.completedBy as string[]).includes(eventType),
  );
  if (!step) return [];
  const progress = procedureProgress(standard, happened);
  if (progress.available.includes(step.code) || progress.completed.includes(step.code)) return [];
  const completed = new Set(progress.completed);
  return standard.steps
    .filter((candidate) => step.requires.includes(candidate.code) && !completed.has(candidate.code))
    .map((candidate) => ({ code: candidate.code, text: candidate.text.english }));
}
