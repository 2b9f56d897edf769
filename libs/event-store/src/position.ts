import { InvalidPosition } from './errors';

const MAX_UNSIGNED_64 = (1n << 64n) - 1n;
const POSITION_TEXT = /^([0-9a-f]{16})-([0-9a-f]{16})$/;

function toHex16(value: bigint): string {
  return value.toString(16).padStart(16, '0');
}

/**
 * Where an event sits in the global order of the store. Treat it as opaque: compare it, store its
 * string, parse it back — never build one from a store's internals outside an adapter.
 *
 * Every adapter maps its own coordinates onto two unsigned 64-bit numbers compared in order:
 * PostgreSQL (transaction id, sequence), KurrentDB (commit, prepare). The string form is two
 * 16-digit lowercase hex numbers joined by '-', so comparing two position strings as text
 * (in SQL, in a checkpoint table) gives the same answer as `Position.compare`.
 *
 * `toJSON()` returns the string, so an event with its position survives `JSON.stringify`.
 */
export class Position {
  /** Before every event: reading or subscribing from here starts at the first event. */
  static readonly start = new Position(0n, 0n);

  private constructor(
    /** PostgreSQL: the transaction id (xid8); KurrentDB: the commit position. */
    readonly commit: bigint,
    /** PostgreSQL: the sequence within the table; KurrentDB: the prepare position. */
    readonly prepare: bigint,
  ) {
    Object.freeze(this);
  }

  /** For adapters: the position of their coordinates. */
  static of(commit: bigint, prepare: bigint): Position {
    for (const part of [commit, prepare]) {
      if (typeof part !== 'bigint' || part < 0n || part > MAX_UNSIGNED_64) {
        throw new InvalidPosition(`${String(commit)}/${String(prepare)}`);
      }
    }
    return commit === 0n && prepare === 0n ? Position.start : new Position(commit, prepare);
  }

  /** Reads a string made by `toString()` (a stored checkpoint); throws InvalidPosition. */
  static parse(text: string): Position {
    const match = typeof text === 'string' ? POSITION_TEXT.exec(text) : null;
    if (!match) throw new InvalidPosition(text);
    return Position.of(BigInt(`0x${match[1]}`), BigInt(`0x${match[2]}`));
  }

  static isPosition(value: unknown): value is Position {
    return value instanceof Position;
  }

  /** Negative when a is before b, 0 when equal, positive when a is after b. */
  static compare(a: Position, b: Position): number {
    if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
    if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
    return 0;
  }

  static max(a: Position, b: Position): Position {
    return Position.compare(a, b) >= 0 ? a : b;
  }

  compareTo(other: Position): number {
    return Position.compare(this, other);
  }

  isBefore(other: Position): boolean {
    return Position.compare(this, other) < 0;
  }

  isAfter(other: Position): boolean {
    return Position.compare(this, other) > 0;
  }

  equals(other: Position): boolean {
    return Position.compare(this, other) === 0;
  }

  toString(): string {
    return `${toHex16(this.commit)}-${toHex16(this.prepare)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

export const comparePositions = (a: Position, b: Position): number => Position.compare(a, b);
export const positionToString = (position: Position): string => position.toString();
export const parsePosition = (text: string): Position => Position.parse(text);
