// `npm test`: starts the infrastructure once for the whole run (all projects' Jest processes use
// it through KAFKA_BROKERS and DATABASE_URL), runs every project's tests through Nx, stops what it
// started, and ends with one combined line over all projects: "N passed, N failed".
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {
  deleteTestTopics,
  infrastructureEnvironment,
  newTestRunId,
  startTestInfrastructure,
} from '@dinsos/testing';

const repoRoot = path.resolve(__dirname, '..');
const resultsDir = path.join(repoRoot, 'tmp', 'test-results');

interface JestResult {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numRuntimeErrorTestSuites: number;
  success: boolean;
}

function readResults(): Map<string, JestResult> {
  const results = new Map<string, JestResult>();
  if (!fs.existsSync(resultsDir)) return results;
  for (const file of fs.readdirSync(resultsDir).filter((f) => f.endsWith('.json'))) {
    results.set(
      file.replace(/\.json$/, ''),
      JSON.parse(fs.readFileSync(path.join(resultsDir, file), 'utf8')),
    );
  }
  return results;
}

function listProjectsWithTests(): string[] {
  const result = spawnSync('npx', ['nx', 'show', 'projects', '--with-target', 'test', '--json'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`nx could not list projects:\n${result.stderr}`);
  return JSON.parse(result.stdout) as string[];
}

async function main(): Promise<number> {
  fs.rmSync(resultsDir, { recursive: true, force: true });
  fs.mkdirSync(resultsDir, { recursive: true });
  // `npm test -- --projects=a,b` runs (and counts) only those projects.
  const chosen = process.argv
    .slice(2)
    .find((arg) => arg.startsWith('--projects='))
    ?.slice('--projects='.length)
    .split(',');
  const projects = listProjectsWithTests().filter((project) => !chosen || chosen.includes(project));
  const infra = await startTestInfrastructure();
  console.log(
    `[test-infra] PostgreSQL: ${infra.sources.postgres}; Kafka: ${infra.sources.kafka} at ${infra.kafkaBrokers.join(',')}`,
  );
  // Every topic a test creates is named after the run (createTopicPrefix), so the run can remove
  // them all at its end: a developer's broker keeps only the system's own topics.
  const runId = newTestRunId();
  let nxStatus: number | null;
  let topicsLeft: string | undefined;
  try {
    const extra = process.argv.slice(2);
    nxStatus = spawnSync(
      'npx',
      ['nx', 'run-many', '-t', 'test', '--outputStyle=stream', '--skipNxCache', ...extra],
      {
        cwd: repoRoot,
        stdio: 'inherit',
        // A Jest that never exits (an open handle) must fail the run, not hang it.
        timeout: Number(process.env.TEST_RUN_TIMEOUT_MS ?? 40 * 60_000),
        killSignal: 'SIGKILL',
        env: {
          ...process.env,
          ...infrastructureEnvironment(infra),
          DINSOS_TEST_RUN_ID: runId,
          NX_DAEMON: 'false',
          FORCE_COLOR: '0',
        },
      },
    ).status;
  } finally {
    try {
      const removed = await deleteTestTopics(infra.kafkaBrokers, runId);
      console.log(`[test-infra] removed the run's ${removed.length} test topics`);
    } catch (error) {
      topicsLeft = (error as Error).message;
    }
    await infra.stop();
  }

  const results = readResults();
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  console.log('\nTest results by project:');
  for (const project of projects) {
    const result = results.get(project);
    if (!result) {
      failed += 1;
      console.log(
        `  ${project.padEnd(20)} no results: its Jest did not finish (counted as 1 failed)`,
      );
      continue;
    }
    const suiteErrors = result.numRuntimeErrorTestSuites;
    passed += result.numPassedTests;
    failed += result.numFailedTests + suiteErrors;
    skipped += result.numPendingTests;
    console.log(
      `  ${project.padEnd(20)} ${result.numPassedTests} passed, ${result.numFailedTests} failed` +
        (suiteErrors ? `, ${suiteErrors} suites failed to run` : ''),
    );
  }
  if (topicsLeft) {
    failed += 1;
    console.log(
      `  the run's test topics could not all be removed (counted as 1 failed): ${topicsLeft}`,
    );
  }
  console.log(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
  return failed === 0 && nxStatus === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    console.log('\n0 passed, 1 failed');
    process.exit(1);
  },
);
