import { InvalidExpectedRevision } from './errors';
import type { ExpectedRevision } from './port';

export function assertValidExpectedRevision(value: unknown): asserts value is ExpectedRevision {
  if (value === 'any' || value === 'noStream' || value === 'streamExists') return;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return;
  throw new InvalidExpectedRevision(value);
}
