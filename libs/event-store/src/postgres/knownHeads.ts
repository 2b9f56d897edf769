import { GENESIS_HASH } from '../hashChain';
import type { ExpectedRevision } from '../port';

/** A committed event the adapter has seen: enough to chain the next one onto it. */
export interface KnownHead {
  streamRevision: number;
  /** 64 hex digits. */
  hash: string;
  /** The xid8 that committed it, in decimal; null before the first event of a stream. */
  transactionId: string | null;
}

/** Where a new stream starts: revision -1, the genesis hash, no transaction. */
export const BEFORE_FIRST_EVENT: KnownHead = {
  streamRevision: -1,
  hash: GENESIS_HASH,
  transactionId: null,
};

/**
 * The last committed event this store instance appended or read, per stream, for the most recently
 * used streams. History never changes, so an entry is never wrong, only possibly no longer the
 * head: an append at it then conflicts with the stored next revision and takes the checking path.
 *
 * Only committed events may go in (appends outside a caller's transaction, reads through the pool):
 * a rolled-back event here would let the next append chain onto a hash that is not stored.
 */
export class KnownHeads {
  private readonly heads = new Map<string, KnownHead>();

  constructor(private readonly capacity: number) {}

  /**
   * What an append expecting this revision would chain onto, when known: before the first event
   * for noStream, else the known event at exactly that revision. Nothing when turned off.
   */
  headFor(streamId: string, expected: ExpectedRevision): KnownHead | undefined {
    if (this.capacity <= 0) return undefined;
    if (expected === 'noStream') return BEFORE_FIRST_EVENT;
    if (typeof expected !== 'number') return undefined;
    const head = this.heads.get(streamId);
    return head?.streamRevision === expected ? head : undefined;
  }

  remember(streamId: string, head: KnownHead): void {
    if (this.capacity <= 0) return;
    const known = this.heads.get(streamId);
    if (known && known.streamRevision > head.streamRevision) return;
    // Re-inserting moves the stream to the newest end of the Map's order.
    this.heads.delete(streamId);
    this.heads.set(streamId, head);
    if (this.heads.size > this.capacity) {
      this.heads.delete(this.heads.keys().next().value as string);
    }
  }

  get size(): number {
    return this.heads.size;
  }
}
