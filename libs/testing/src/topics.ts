import { randomBytes } from 'node:crypto';
import path from 'node:path';

/**
 * A topic prefix unique to one test file (and one run), so test files sharing a broker never
 * read each other's messages: `t<file>_<random>.`, e.g. `trelay_3fa1c2.dinsos.intake.events.v1`.
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
  return `t${file.slice(0, 24)}_${randomBytes(3).toString('hex')}.`;
}
