import type { InboundEvent } from './inbound-event';
import type { RawMessage } from './raw-message';

/** A message of a fetched chunk, decoded, with its handler; `index` is its place in the chunk. */
export interface DecodedMessage<Handler> {
  index: number;
  raw: RawMessage;
  event: InboundEvent;
  handler: Handler;
}

/** What the database says about a chunk's events and cases, read in one round trip. */
export interface ChunkState {
  /** Event ids (lower case) already in the group's inbox; empty when not looked up (optimistic). */
  processed: ReadonlySet<string>;
  /** Parked cases of the chunk: case key → the event id (lower case) of its dead letter. */
  parked: ReadonlyMap<string, string>;
}

export interface ChunkPlan<Handler> {
  /** Applied in one transaction, in Kafka order. */
  together: DecodedMessage<Handler>[];
  /**
   * Through the per-event path after `together`, in Kafka order: every message of a case that is
   * parked, or whose dead letter comes back replayed. Per case, `together` holds a prefix of its
   * messages and `oneByOne` the rest, so doing `together` first keeps each case's order.
   */
  oneByOne: DecodedMessage<Handler>[];
  /** Messages already processed, or delivered twice within the chunk: nothing to do. */
  duplicates: number;
}

/** Splits a chunk the way the per-event path would treat each message, without touching anything. */
export function planChunk<Handler>(
  messages: readonly DecodedMessage<Handler>[],
  state: ChunkState,
): ChunkPlan<Handler> {
  const together: DecodedMessage<Handler>[] = [];
  const oneByOne: DecodedMessage<Handler>[] = [];
  const casesOneByOne = new Set<string>();
  const seen = new Set<string>();
  let duplicates = 0;
  for (const message of messages) {
    const { caseKey } = message.event;
    const eventId = message.event.eventId.toLowerCase();
    if (casesOneByOne.has(caseKey)) {
      oneByOne.push(message);
      continue;
    }
    if (seen.has(eventId)) {
      duplicates += 1;
      continue;
    }
    seen.add(eventId);
    const deadLetterEventId = state.parked.get(caseKey);
    if (state.processed.has(eventId) && deadLetterEventId !== eventId) {
      duplicates += 1;
      continue;
    }
    if (deadLetterEventId !== undefined) {
      casesOneByOne.add(caseKey);
      oneByOne.push(message);
      continue;
    }
    together.push(message);
  }
  return { together, oneByOne, duplicates };
}

/**
 * `together` cut into consecutive rounds, each applied in a transaction of its own: a message
 * whose handler prepares (reads state before the transaction, as a reaction reads its stream)
 * starts a new round when its case already has a message in the current one, so it is prepared
 * after that message committed and never decides on a state without it.
 */
export function roundsOf<T extends { event: InboundEvent; handler: { prepare?: unknown } }>(
  messages: readonly T[],
): T[][] {
  const rounds: T[][] = [];
  let current: T[] = [];
  let cases = new Set<string>();
  for (const message of messages) {
    if (message.handler.prepare && cases.has(message.event.caseKey)) {
      rounds.push(current);
      current = [];
      cases = new Set();
    }
    current.push(message);
    cases.add(message.event.caseKey);
  }
  if (current.length > 0) rounds.push(current);
  return rounds;
}

/** Consecutive messages of the same event type: one call of a batch-form handler each. */
export function runsByType<T extends { event: InboundEvent }>(messages: readonly T[]): T[][] {
  const runs: T[][] = [];
  for (const message of messages) {
    const current = runs[runs.length - 1];
    if (current && current[0].event.type === message.event.type) current.push(message);
    else runs.push([message]);
  }
  return runs;
}

/** Two lists of a chunk's messages merged back into the chunk's order. */
export function inChunkOrder<T extends { index: number }>(...lists: (readonly T[])[]): T[] {
  return lists.flat().sort((a, b) => a.index - b.index);
}
