/**
 * `@dinsos/platform/testing`: what a service's tests share, never imported by a service's own
 * code. Real PostgreSQL and Kafka come from @dinsos/testing.
 *
 * - `given(decider, past).when(command).then(events)` / `.thenRefuses(rule)`.
 * - `ServiceDeployment.create({ name, module, configSchema?, platform?, migrations?, env? })`: the
 *   service as its main.ts declares it, on a fresh database and topic prefix; `start()` one or
 *   more instances (`app`, supertest `http`, `clock`, `stop()`), `tokenFor(role, officeCode)`,
 *   `foreignToken`, `publish(event)` (another context's event on Kafka for the service to
 *   follow), `append(...events)` (the service's own events into its store, as its write path
 *   would: for its projections), `appendAs(service, ...events)` (another write service's events,
 *   as its role: for a read-side service), `reader` (pool and store as the service sees them), `logs`,
 *   `clock`, `stop()`.
 * - `ServiceDeployment.create(other, { sharing: deployment })`: another service beside it, as the
 *   system runs them: one database (shared parts migrated once, each service's schema as its
 *   owner), one topic prefix, the same dev keys and clock; for end-to-end tests (test/e2e).
 * - `otherContextEvent(input, defaults)`: the envelope `publish` fills, for unit specs.
 * - `recordedEventsOf(category, caseId, defaults?)`: a case stream's recorded events, one per
 *   call, for unit specs of projections and views.
 * - `LogCapture`: the service's JSON log lines (pass as `logDestination` to createServiceApp).
 * - `TestClock`: a clock the test moves (pass as `PlatformFeatures.clock`).
 * - `officerRequests(http, token)`: an officer's get, post (fresh Idempotency-Key) and upload.
 * - `eventually(probe, what)`: polls until an asynchronous effect shows.
 */
export { given } from '../commands/given-when-then';
export { LogCapture } from './log-capture';
export { TestClock } from './test-clock';
export { ServiceDeployment } from './service-harness';
export type {
  DeploymentOptions,
  InstanceOptions,
  ServiceInstance,
  ServiceUnderTest,
} from './service-harness';
export { OtherContextPublisher, otherContextEvent } from './other-context-events';
export { PublishedEvents } from './published-events';
export { recordedEventsOf } from './recorded-events';
export { officerRequests } from './officer-requests';
export type { OfficerRequests } from './officer-requests';
export type { EventOnTheWire, OtherContextEvent } from './other-context-events';
export type { AppendedOwnEvent, OwnEvent } from './own-events';
export { eventually } from '@dinsos/testing';
