import type { ExpectedRevision } from './port';

/** Every error the store throws on purpose. `retryable`: the same command may succeed in a fresh transaction. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
  readonly retryable: boolean = false;

  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The stream is not at the revision the caller expected. Nothing was written. */
export class WrongExpectedVersion extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_VERSION';

  constructor(
    readonly streamId: string,
    readonly expectedRevision: ExpectedRevision,
    /** The stream's revision when the append was refused: its last event's revision, or 'noStream'. */
    readonly actualRevision: number | 'noStream',
  ) {
    super(
      `stream ${streamId}: expected revision ${String(expectedRevision)}, actual ${String(actualRevision)}`,
    );
  }
}

/**
 * The stream's last event was committed by a transaction that started after this one took its
 * transaction id, so appending here would put the new revision before its predecessor in the
 * global order. Roll back and retry the command in a fresh transaction. Nothing was written.
 */
export class StreamOrderConflict extends EventStoreError {
  readonly code = 'STREAM_ORDER_CONFLICT';
  override readonly retryable = true;

  constructor(readonly streamId: string) {
    super(
      `stream ${streamId}: its last event was committed by a younger transaction; ` +
        'retry the append in a fresh transaction',
    );
  }
}

/**
 * An event id of the append is already stored, but not at the place this append asks for (another
 * stream, another revision, or only part of the batch). `existing` says where it is: a reaction
 * that re-runs after its stream moved on finds its event already there.
 */
export class EventIdConflict extends EventStoreError {
  readonly code = 'EVENT_ID_CONFLICT';

  constructor(
    readonly eventId: string,
    readonly streamId: string,
    readonly existing?: { streamId: string; streamRevision: number },
  ) {
    super(
      `event ${eventId} is already stored` +
        (existing ? ` in ${existing.streamId} at revision ${existing.streamRevision}` : '') +
        `, not where this append to ${streamId} would put it`,
    );
  }
}

/** A stream id is not `<category>-<id>`, or a category is not a hyphen-free name. */
export class InvalidStreamId extends EventStoreError {
  readonly code = 'INVALID_STREAM_ID';

  constructor(
    readonly streamId: unknown,
    readonly reason: string,
  ) {
    super(`invalid stream id ${JSON.stringify(streamId) ?? String(streamId)}: ${reason}`);
  }
}

/** The event's stored text (its canonical JSON) is larger than the store accepts. */
export class EventTooLarge extends EventStoreError {
  readonly code = 'EVENT_TOO_LARGE';

  constructor(
    readonly eventId: string,
    readonly sizeBytes: number,
    readonly maxBytes: number,
  ) {
    super(`event ${eventId} is ${sizeBytes} bytes; the limit is ${maxBytes}`);
  }
}

/**
 * A value in the event is not plain JSON that reads back exactly as written: undefined, functions,
 * bigints, symbols, class instances (Date, Map…), cycles, NaN/Infinity, '\u0000', lone surrogates.
 */
export class EventNotSerialisable extends EventStoreError {
  readonly code = 'EVENT_NOT_SERIALISABLE';

  constructor(
    readonly eventId: string | undefined,
    /** Where in the event, e.g. `payload.children[2].name`. */
    readonly path: string,
    readonly reason: string,
  ) {
    super(`event ${eventId ?? '(no id)'}: ${path} ${reason}`);
  }
}

/** An envelope field is missing, of the wrong type or malformed (or the batch is empty). */
export class InvalidEvent extends EventStoreError {
  readonly code = 'INVALID_EVENT';

  constructor(
    readonly eventId: string | undefined,
    readonly field: string,
    readonly reason: string,
  ) {
    super(`event ${eventId ?? '(no id)'}: ${field} ${reason}`);
  }
}

/** expectedRevision is none of 'any' | 'noStream' | 'streamExists' | a non-negative integer. */
export class InvalidExpectedRevision extends EventStoreError {
  readonly code = 'INVALID_EXPECTED_REVISION';

  constructor(readonly value: unknown) {
    super(
      `invalid expected revision ${typeof value === 'string' ? JSON.stringify(value) : String(value)}: ` +
        "use 'any', 'noStream', 'streamExists' or a revision (integer ≥ 0)",
    );
  }
}

/** A position string that `Position.toString()` did not make. */
export class InvalidPosition extends EventStoreError {
  readonly code = 'INVALID_POSITION';

  constructor(readonly value: unknown) {
    super(`invalid position ${String(value)}`);
  }
}

/** Read or subscription options out of range (maxCount, direction, from, filter, caseId). */
export class InvalidReadOptions extends EventStoreError {
  readonly code = 'INVALID_READ_OPTIONS';

  constructor(reason: string) {
    super(reason);
  }
}

/**
 * The role this store connects as may not append to (or read) this stream's category: each
 * service appends only to its own categories, and reads only those (DESIGN.md section 2).
 * Nothing was written.
 */
export class CategoryAccessDenied extends EventStoreError {
  readonly code = 'CATEGORY_ACCESS_DENIED';

  constructor(
    readonly operation: 'append' | 'read',
    readonly category: string,
    readonly role?: string,
  ) {
    super(
      `${role ? `role ${role}` : 'this role'} may not ` +
        (category === '*'
          ? 'read every stream category, as sealing and verifying the whole store need'
          : `${operation === 'append' ? 'append to' : 'read'} stream category ${category}`),
    );
  }
}

/** True for errors after which the same command may be retried in a fresh transaction. */
export function isRetryable(error: unknown): boolean {
  return error instanceof EventStoreError && error.retryable;
}
