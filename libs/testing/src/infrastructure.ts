import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { resolvePostgres, startKafka } from '@dinsos/local-infra';

/** Where the tests' shared infrastructure is: passed to every project's Jest through the environment. */
export interface TestInfrastructure {
  kafkaBrokers: string[];
  /** A role that may create databases and roles; tests derive their own databases from it. */
  adminDatabaseUrl: string;
}

export interface StartedTestInfrastructure extends TestInfrastructure {
  /** How each part was found, e.g. { postgres: 'local', kafka: 'launcher' }. */
  sources: { postgres: string; kafka: string };
  stop(): Promise<void>;
}

type Log = (line: string) => void;
const defaultLog: Log = (line) => process.stderr.write(`[test-infra] ${line}\n`);

function javaAvailable(): boolean {
  return !spawnSync('java', ['-version'], { stdio: 'ignore' }).error;
}

/** True when a Docker (or compatible) engine answers, so testcontainers can be used. */
export async function dockerEngineAnswers(): Promise<boolean> {
  const socket = process.env.DOCKER_HOST ?? '/var/run/docker.sock';
  if (!process.env.DOCKER_HOST && !fs.existsSync(socket)) return false;
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await getContainerRuntimeClient();
    return true;
  } catch {
    return false;
  }
}

async function kafkaFromTestcontainers() {
  const { KafkaContainer } = await import('@testcontainers/kafka');
  // As the local launcher: topics are provisioned, never created by a typo.
  const container = await new KafkaContainer('confluentinc/cp-kafka:7.7.1')
    .withKraft()
    .withEnvironment({ KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false' })
    .start();
  return {
    brokers: [`${container.getHost()}:${container.getMappedPort(9093)}`],
    stop: async () => void (await container.stop()),
  };
}

async function postgresFromTestcontainers() {
  const { PostgreSqlContainer } = await import('@testcontainers/postgresql');
  const container = await new PostgreSqlContainer('postgres:15-alpine').start();
  return {
    adminUrl: container.getConnectionUri(),
    stop: async () => void (await container.stop()),
  };
}

/**
 * Finds or starts the infrastructure for a whole test run. Order of choice for each part:
 * environment variables (KAFKA_BROKERS, DATABASE_URL) → the local launcher (a server on 5432 or
 * embedded PostgreSQL; Kafka from jars when Java is here) → testcontainers when Docker answers.
 */
export async function startTestInfrastructure(
  log: Log = defaultLog,
): Promise<StartedTestInfrastructure> {
  const stops: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((e) => log(`stop failed: ${e}`));
  };
  try {
    let postgres: { adminUrl: string; source: string };
    try {
      const found = await resolvePostgres(log);
      stops.push(found.stop);
      postgres = { adminUrl: found.adminUrl, source: found.source };
    } catch (error) {
      if (process.env.DATABASE_URL || !(await dockerEngineAnswers())) throw error;
      const container = await postgresFromTestcontainers();
      stops.push(container.stop);
      postgres = { adminUrl: container.adminUrl, source: 'testcontainers' };
    }

    let kafka: { brokers: string[]; source: string };
    if (process.env.KAFKA_BROKERS) {
      kafka = { brokers: process.env.KAFKA_BROKERS.split(','), source: 'env' };
    } else if (javaAvailable()) {
      const broker = await startKafka({ log });
      stops.push(broker.stop);
      kafka = { brokers: broker.brokers, source: broker.startedHere ? 'launcher' : 'running' };
    } else if (await dockerEngineAnswers()) {
      const container = await kafkaFromTestcontainers();
      stops.push(container.stop);
      kafka = { brokers: container.brokers, source: 'testcontainers' };
    } else {
      throw new Error(
        'No Kafka for the tests: set KAFKA_BROKERS, install Java 17+ and Maven for the local ' +
          'launcher, or run a Docker engine for testcontainers.',
      );
    }
    return {
      kafkaBrokers: kafka.brokers,
      adminDatabaseUrl: postgres.adminUrl,
      sources: { postgres: postgres.source, kafka: kafka.source },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The environment a test run hands to every project's Jest. */
export function infrastructureEnvironment(infra: TestInfrastructure): Record<string, string> {
  return { KAFKA_BROKERS: infra.kafkaBrokers.join(','), DATABASE_URL: infra.adminDatabaseUrl };
}

let cached: Promise<TestInfrastructure> | undefined;

/**
 * The infrastructure of this test run, as `npm test` started it (KAFKA_BROKERS, DATABASE_URL).
 * When one project's Jest is run on its own without them, it finds or starts the same local
 * infrastructure and leaves it running for the next run (`npm run stop` stops the broker).
 */
export function getTestInfrastructure(): Promise<TestInfrastructure> {
  if (process.env.KAFKA_BROKERS && process.env.DATABASE_URL) {
    return Promise.resolve({
      kafkaBrokers: process.env.KAFKA_BROKERS.split(','),
      adminDatabaseUrl: process.env.DATABASE_URL,
    });
  }
  cached ??= startTestInfrastructure().then((infra) => ({
    kafkaBrokers: infra.kafkaBrokers,
    adminDatabaseUrl: infra.adminDatabaseUrl,
  }));
  return cached;
}
