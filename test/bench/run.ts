// `npm run bench -- <name>`: runs test/bench/<name>.bench.ts (all of them without a name) on the
// same infrastructure the tests use. Benchmarks print ratios against a baseline measured in the
// same run, never bare timings: this machine's speed varies too much between runs.
import fs from 'node:fs';
import path from 'node:path';
import {
  deleteTestTopics,
  infrastructureEnvironment,
  newTestRunId,
  startTestInfrastructure,
} from '@dinsos/testing';
import { about } from './table';

interface Benchmark {
  default: () => Promise<void>;
  /** How long its measuring takes, announced before it starts. */
  estimatedSeconds: number;
}

async function main(): Promise<void> {
  const available = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .map((f) => f.replace(/\.bench\.ts$/, ''));
  const requested = process.argv.slice(2);
  const unknown = requested.filter((name) => !available.includes(name));
  if (unknown.length) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}; available: ${available.join(', ') || 'none'}`,
    );
    process.exit(2);
  }
  const chosen = requested.length ? requested : available;
  const benches = new Map<string, Benchmark>();
  for (const name of chosen) {
    benches.set(name, (await import(path.join(__dirname, `${name}.bench.ts`))) as Benchmark);
  }
  const seconds = [...benches.values()].reduce((sum, bench) => sum + bench.estimatedSeconds, 0);
  console.log(`benchmarks ${chosen.join(', ')}: ${about(seconds)} once the infrastructure is up`);
  const infra = await startTestInfrastructure();
  const runId = newTestRunId();
  Object.assign(process.env, infrastructureEnvironment(infra), { DINSOS_TEST_RUN_ID: runId });
  try {
    for (const [name, bench] of benches) {
      console.log(`\n== benchmark: ${name} (${about(bench.estimatedSeconds)})`);
      await bench.default();
    }
  } finally {
    await deleteTestTopics(infra.kafkaBrokers, runId).catch((error: unknown) =>
      console.error(`could not remove the benchmarks' topics: ${error}`),
    );
    await infra.stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
