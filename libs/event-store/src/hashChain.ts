import { createHash } from 'node:crypto';
import { isCanonical } from './canonicalEvent';

/**
 * The hash chain of a stream:
 *
 *   hash(0) = SHA-256(GENESIS_HASH bytes ‖ UTF-8 document(0))
 *   hash(n) = SHA-256(hash(n-1) bytes ‖ UTF-8 document(n))
 *
 * where document(n) is the stored text of event n: RFC 8785 canonical JSON of HASHED_FIELDS
 * (canonicalEvent.ts). Hashes are over that stored text, never over a re-serialised read.
 * Hashes are written as 64 lowercase hex digits; "bytes" above means the 32 decoded bytes.
 */
export const GENESIS_HASH = '0'.repeat(64);

export function chainHash(prevHash: string, document: string): string {
  return chainHashBytes(Buffer.from(prevHash, 'hex'), document).toString('hex');
}

/** chainHash on the 32 bytes themselves, for chaining many events without hex round trips. */
export function chainHashBytes(prevHash: Buffer, document: string): Buffer {
  return createHash('sha256').update(prevHash).update(document, 'utf8').digest();
}

export type BrokenLinkReason =
  /** A revision is missing (or the stream does not start at 0). */
  | 'revision-gap'
  /** prevHash is not the previous event's hash. */
  | 'prev-hash-mismatch'
  /** hash is not SHA-256(prevHash ‖ document): the stored text or the hash was changed. */
  | 'hash-mismatch'
  /** The stored text is not canonical JSON. */
  | 'document-not-canonical'
  /** A column the store reads by (event id, type, case, stream) disagrees with the hashed text. */
  | 'document-mismatch'
  /** A seal signed this stream up to a revision that is no longer there: a tail was cut off. */
  | 'sealed-event-missing'
  /** The event at a sealed revision has another hash or position: the chain was rewritten. */
  | 'sealed-hash-mismatch'
  | 'sealed-position-mismatch'
  /** A sealed stream has no events at all any more. */
  | 'sealed-stream-missing';

export interface BrokenLink {
  streamId: string;
  /** The first revision where the chain breaks (null for a stream that is gone). */
  streamRevision: number | null;
  eventId?: string;
  position?: string;
  reason: BrokenLinkReason;
  expected?: string;
  actual?: string;
}

/** One stored event as verification sees it: the text, the links, and the columns read by. */
export interface StoredLink {
  streamId: string;
  streamRevision: number;
  position: string;
  document: string;
  prevHash: string;
  hash: string;
  /** Stored beside the document (PostgreSQL columns, KurrentDB event id/type/metadata). */
  indexed: { eventId: string; type: string; caseId: string | null };
}

/** A stream head as a seal signs it. */
export interface SealedHead {
  streamId: string;
  streamRevision: number;
  hash: string;
  position: string;
}

/**
 * Walks one stream's stored events in revision order and reports the first broken link.
 * Store-agnostic: adapters feed it what they read.
 */
export class StreamChainVerifier {
  private expectedRevision = 0;
  private previousHash = GENESIS_HASH;
  private lastLink: StoredLink | undefined;
  private sealedLink: StoredLink | undefined;
  broken: BrokenLink | undefined;
  eventsChecked = 0;

  constructor(
    readonly streamId: string,
    private readonly sealed?: SealedHead,
  ) {}

  /** Checks the next link; returns false once the chain is broken (later links are not checked). */
  check(link: StoredLink): boolean {
    if (this.broken) return false;
    this.eventsChecked++;
    const at = (reason: BrokenLinkReason, expected?: string, actual?: string): false => {
      this.broken = {
        streamId: this.streamId,
        streamRevision: link.streamRevision,
        eventId: link.indexed.eventId,
        position: link.position,
        reason,
        ...(expected !== undefined ? { expected } : {}),
        ...(actual !== undefined ? { actual } : {}),
      };
      return false;
    };
    if (link.streamRevision !== this.expectedRevision) {
      return at('revision-gap', String(this.expectedRevision), String(link.streamRevision));
    }
    if (link.prevHash !== this.previousHash)
      return at('prev-hash-mismatch', this.previousHash, link.prevHash);
    const recomputed = chainHash(link.prevHash, link.document);
    if (recomputed !== link.hash) return at('hash-mismatch', recomputed, link.hash);
    if (!isCanonical(link.document)) return at('document-not-canonical');
    const mismatch = this.documentMismatch(link);
    if (mismatch) return at('document-mismatch', mismatch.expected, mismatch.actual);
    if (this.sealed && link.streamRevision === this.sealed.streamRevision) {
      this.sealedLink = link;
      if (link.hash !== this.sealed.hash)
        return at('sealed-hash-mismatch', this.sealed.hash, link.hash);
      if (link.position !== this.sealed.position) {
        return at('sealed-position-mismatch', this.sealed.position, link.position);
      }
    }
    this.expectedRevision++;
    this.previousHash = link.hash;
    this.lastLink = link;
    return true;
  }

  /** Call after the last link: checks that the sealed head was reached. */
  finish(): BrokenLink | undefined {
    if (this.broken || !this.sealed || this.sealedLink) return this.broken;
    this.broken = this.lastLink
      ? {
          streamId: this.streamId,
          streamRevision: this.sealed.streamRevision,
          reason: 'sealed-event-missing',
          expected: `revision ${this.sealed.streamRevision}`,
          actual: `revision ${this.lastLink.streamRevision}`,
        }
      : { streamId: this.streamId, streamRevision: null, reason: 'sealed-stream-missing' };
    return this.broken;
  }

  private documentMismatch(link: StoredLink): { expected: string; actual: string } | undefined {
    let parsed: Record<string, unknown>;
    try {
      parsed = JSON.parse(link.document) as Record<string, unknown>;
    } catch {
      return { expected: 'JSON', actual: 'unparseable text' };
    }
    const pairs: Array<[string, unknown, unknown]> = [
      ['streamId', parsed.streamId, link.streamId],
      ['eventId', parsed.eventId, link.indexed.eventId],
      ['type', parsed.type, link.indexed.type],
      ['caseId', parsed.caseId ?? null, link.indexed.caseId],
    ];
    for (const [field, inDocument, stored] of pairs) {
      if (inDocument !== stored) {
        return { expected: `${field} ${String(inDocument)}`, actual: `${field} ${String(stored)}` };
      }
    }
    return undefined;
  }
}

export interface VerificationProgress {
  streamsChecked: number;
  eventsChecked: number;
  /** Events in the store when verification started (an estimate for a live store). */
  totalEvents: number;
}

export interface VerificationReport {
  ok: boolean;
  streamsChecked: number;
  eventsChecked: number;
  /** The first broken link of each broken stream, in stream id order. */
  broken: BrokenLink[];
}
