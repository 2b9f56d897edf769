import { InvalidStreamId } from './errors';

/** A category names a kind of stream: letters, digits and '_', starting with a letter; no hyphen. */
const CATEGORY = /^[A-Za-z][A-Za-z0-9_]*$/;
/** The id part may contain hyphens (UUIDs, '36-2024-0001'), but no spaces or control characters. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;
export const MAX_STREAM_ID_LENGTH = 200;

export interface ParsedStreamId {
  category: string;
  id: string;
}

export function assertValidCategory(category: unknown): asserts category is string {
  if (typeof category !== 'string' || category.length === 0) {
    throw new InvalidStreamId(category, 'the category must be a non-empty string');
  }
  if (category.includes('-')) {
    throw new InvalidStreamId(category, 'a category must not contain a hyphen');
  }
  if (!CATEGORY.test(category)) {
    throw new InvalidStreamId(
      category,
      'a category is letters, digits and _, starting with a letter',
    );
  }
}

/** Splits `<category>-<id>` at its first hyphen; throws InvalidStreamId. */
export function parseStreamId(streamId: unknown): ParsedStreamId {
  if (typeof streamId !== 'string' || streamId.length === 0) {
    throw new InvalidStreamId(streamId, 'a stream id is a non-empty string');
  }
  if (streamId.length > MAX_STREAM_ID_LENGTH) {
    throw new InvalidStreamId(streamId, `longer than ${MAX_STREAM_ID_LENGTH} characters`);
  }
  const hyphen = streamId.indexOf('-');
  if (hyphen < 0) throw new InvalidStreamId(streamId, 'expected <category>-<id>');
  const category = streamId.slice(0, hyphen);
  const id = streamId.slice(hyphen + 1);
  if (category.length === 0) throw new InvalidStreamId(streamId, 'the category is empty');
  if (!CATEGORY.test(category)) {
    throw new InvalidStreamId(
      streamId,
      'a category is letters, digits and _, starting with a letter',
    );
  }
  if (id.length === 0) throw new InvalidStreamId(streamId, 'the id after the category is empty');
  if (!ID.test(id)) {
    throw new InvalidStreamId(
      streamId,
      'the id is letters, digits and . _ : @ -, starting alphanumeric',
    );
  }
  return { category, id };
}

/** Builds `<category>-<id>`; refuses a category with a hyphen (it would change the category). */
export function streamIdOf(category: string, id: string): string {
  assertValidCategory(category);
  const streamId = `${category}-${id}`;
  parseStreamId(streamId);
  return streamId;
}

export function categoryOf(streamId: string): string {
  return parseStreamId(streamId).category;
}
