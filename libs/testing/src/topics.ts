import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';

const runIdPattern = /^[0-9a-f]{6}$/;
let ownRunId: string | undefined;

/**
 * The id of this test run: DINSOS_TEST_RUN_ID, which `npm test` (and each project's Jest on its
 * own, in its global setup) sets for every process of the run; otherwise one per process.
 */
export function testRunId(): string {
  const fromEnvironment = process.env.DINSOS_TEST_RUN_ID;
  if (fromEnvironment && runIdPattern.test(fromEnvironment)) return fromEnvironment;
  ownRunId ??= newTestRunId();
  return ownRunId;
}

export function newTestRunId(): string {
  return randomBytes(3).toString('hex');
}

/**
 * A topic prefix unique to one test file (and one run), so test files sharing a broker never
 * read each other's messages, and the run can remove its topics at the end:
 * `t<run>_<file>_<random>.`, e.g. `t9c04d1_relay_3fa1c2.dinsos.intake.events.v1`.
 */
export function createTopicPrefix(): string {
  const testPath = (
    globalThis as { expect?: { getState(): { testPath?: string } } }
  ).expect?.getState().testPath;
  const file = testPath
    ? path
        .basename(testPath)
        .replace(/\.(unit|int|e2e)?\.?spec\.ts$/, '')
        .replace(/[^a-zA-Z0-9]/g, '')
    : 'test';
  return `${runPrefix(testRunId())}${file.slice(0, 24)}_${randomBytes(3).toString('hex')}.`;
}

function runPrefix(runId: string): string {
  if (!runIdPattern.test(runId)) throw new Error(`not a test run id: "${runId}"`);
  return `t${runId}_`;
}

/**
 * Deletes the topics (dead-letter topics included: they start with their topic's name) and the
 * consumer groups that one test run created, and waits until the broker no longer lists those
 * topics. Returns the names of the topics deleted.
 */
export async function deleteTestTopics(brokers: string[], runId: string): Promise<string[]> {
  const prefix = runPrefix(runId);
  const admin = new Kafka({
    clientId: 'dinsos-test-cleanup',
    brokers,
    logLevel: logLevel.NOTHING,
  }).admin();
  await admin.connect();
  try {
    const ofRun = (await admin.listTopics()).filter((topic) => topic.startsWith(prefix));
    if (ofRun.length) await admin.deleteTopics({ topics: ofRun, timeout: 30_000 });
    const groups = (await admin.listGroups()).groups
      .map((group) => group.groupId)
      .filter((groupId) => groupId.startsWith(prefix));
    // A group that still has members (a test that did not stop its consumer) stays: not an error.
    if (groups.length) await admin.deleteGroups(groups).catch(() => undefined);
    const deadline = Date.now() + 30_000;
    while ((await admin.listTopics()).some((topic) => topic.startsWith(prefix))) {
      if (Date.now() > deadline) throw new Error(`topics of test run ${runId} are still listed`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    return ofRun;
  } finally {
    await admin.disconnect();
  }
}
