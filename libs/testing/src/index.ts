/**
 * The one way integration tests get infrastructure.
 *
 * - `getTestInfrastructure()` — the run's shared Kafka brokers and PostgreSQL admin URL.
 * - `createTestDatabase()` — a fresh database per test file (owner and app role URLs); drop() it.
 * - `createTopicPrefix()` — a topic prefix unique to the test file, named after the run
 *   (`testRunId()`), so `deleteTestTopics()` removes a run's topics at its end.
 * - `eventually(probe, what)` — polls until a condition holds (for asynchronous effects).
 * - `startOwnKafka()` / `startOwnPostgresCluster()` — private infrastructure for tests that stop,
 *   restart or hold back the shared one.
 * - `startTestInfrastructure()` — used once per `npm test` by test/run-all-tests.ts.
 */
export {
  getTestInfrastructure,
  startTestInfrastructure,
  infrastructureEnvironment,
  dockerEngineAnswers,
} from './infrastructure';
export type { TestInfrastructure, StartedTestInfrastructure } from './infrastructure';
export {
  createTestDatabase,
  ensureTestRoles,
  queryAs,
  serviceRoles,
  testRoles,
  withCredentials,
} from './database';
export type { TestDatabase } from './database';
export { createTopicPrefix, deleteTestTopics, newTestRunId, testRunId } from './topics';
export { eventually } from './eventually';
export { inTransaction } from './transaction';
export { startOwnKafka, startOwnPostgresCluster } from './own-infrastructure';
export type { OwnKafka, OwnPostgresCluster } from './own-infrastructure';
