/**
 * Local infrastructure for a machine without Docker: a real single-node Kafka broker (KRaft) run
 * from Apache Kafka's jars on Maven Central, and PostgreSQL found or embedded.
 */
export {
  startKafka,
  stopKafka,
  isKafkaAnswering,
  ensureKafkaJars,
  formatKraftStorage,
  newClusterId,
  KafkaStartError,
} from './kafka';
export type { KafkaOptions, RunningKafka } from './kafka';
export { resolvePostgres, startEmbeddedPostgres, canConnect, PostgresStartError } from './postgres';
export type { RunningPostgres, PostgresSource, EmbeddedPostgresOptions } from './postgres';
export { findFreePort, isPortAnswering, PortTakenError } from './ports';
export { repoRoot, cacheDir } from './paths';
export { ensureDatabase, ensureLoginRoles, urlAs, withClient } from './database';
export type { LoginRole } from './database';
