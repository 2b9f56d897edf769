/**
 * What a service's domain code (deciders and their specs) may import from the platform, and
 * nothing more: it loads no Nest, no pg, no kafkajs, so deciders stay pure functions that run
 * and test anywhere. A lint rule keeps domain files to this entry.
 *
 * - `Decider`, `DomainEvent`, `foldEvents`: the decider pattern.
 * - `DomainRuleViolation`: a rule refused a command (HTTP 422 at the edge).
 * - `given(decider, past).when(command).then(events)` / `.thenRefuses(rule)`: for specs.
 * - `checkedAgainstCatalogue(decider)`: every decided event validated against the contracts before
 *   it can be appended (a plaintext personal field fails here); `cataloguedEvent(type, payload)`
 *   with its `subjectIds` found from the contracts' subject references (`subjectIdsOf`);
 *   `recordedEvent(type, payload)`, the same without `undefined`-valued fields at any depth.
 * - `handOver(holder, next, reason, refusal)`, `transferRecorded(state, toOfficeCode)`,
 *   `afterTransfer(state, transfer)`: the work on a case changing hands (a reason to take it from
 *   someone), a transfer recorded once, and the state once it is (new office, nobody assigned).
 * - `procedureProgress`, `stepsPerformedBy`: where a case stands in its pinned standard, and the
 *   steps a service (given as a parameter) performs there.
 */
export { foldEvents } from '../commands/decider';
export type { Decider, DomainEvent } from '../commands/decider';
export { given } from '../commands/given-when-then';
export {
  UncataloguedEventError,
  cataloguedEvent,
  checkedAgainstCatalogue,
  recordedEvent,
  subjectIdsOf,
} from './catalogued-events';
export type { CataloguedEvent } from './catalogued-events';
export { DomainRuleViolation } from '../errors/errors';
export { afterTransfer, handOver, transferRecorded } from './case-work';
export { procedureProgress, stepsPerformedBy } from '@dinsos/service-standards';
export type { ProcedureProgress } from '@dinsos/service-standards';
