// A project's Jest run on its own removes the topics its tests created; under `npm test` the
// whole run removes them once at its end (test/run-all-tests.ts).
import { isKafkaAnswering } from '@dinsos/local-infra';
import { deleteTestTopics } from '../topics';

export default async function globalTeardown(): Promise<void> {
  const runId = process.env.DINSOS_TEST_RUN_ID;
  if (process.env.DINSOS_TEST_RUN_OWNED_BY_JEST !== 'yes' || !runId) return;
  const brokers = await runBrokers();
  if (brokers) await deleteTestTopics(brokers, runId);
}

/** The brokers the run's tests used: KAFKA_BROKERS, or the local broker they found or started. */
async function runBrokers(): Promise<string[] | undefined> {
  if (process.env.KAFKA_BROKERS) return process.env.KAFKA_BROKERS.split(',');
  const port = Number(process.env.KAFKA_PORT || 9092);
  return (await isKafkaAnswering(port)) ? [`127.0.0.1:${port}`] : undefined;
}
