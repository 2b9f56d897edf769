import type { Position } from './position';

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Who did it: a user or a service account, in the role and office they acted in. */
export interface Actor {
  id: string;
  role: string;
  officeCode: string;
}

/** The service standard (SOP) a case is pinned to. */
export interface ServiceStandardRef {
  code: string;
  version: string | number;
}

/**
 * What a caller appends. The store adds streamId, streamRevision, position, recordedAt, prevHash
 * and hash. `eventId` is the caller's: deterministic ids (from an idempotency key, or from the
 * causing event and handler) make retries and re-run reactions no-ops.
 */
export interface NewEvent<TPayload extends object = JsonObject> {
  /** UUID. */
  eventId: string;
  type: string;
  /** Version of this type's payload schema, an integer ≥ 1. */
  schemaVersion: number;
  /** The case the event belongs to, whatever stream it is in; leave it out when none. */
  caseId?: string;
  /** Every person whose personal data the event carries (each has a data key of their own). */
  subjectIds: string[];
  /** Owning office, Kemendagri region code: '36' (Banten), '3603' (a regency)… */
  officeCode: string;
  /** ISO-8601 with a UTC offset ('Z' or '+07:00'); kept exactly as written. */
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  /** The event that caused this one, or null for an event that answers a command. */
  causationId: string | null;
  serviceStandard?: ServiceStandardRef;
  /** Plain JSON object; must read back exactly as written. */
  payload: TPayload;
}

/** An event as stored: the envelope of DESIGN.md section 3. */
export interface RecordedEvent<TPayload extends object = JsonObject> {
  eventId: string;
  type: string;
  schemaVersion: number;
  /** `<category>-<id>`. */
  streamId: string;
  /** 0-based place in its stream. */
  streamRevision: number;
  position: Position;
  caseId?: string;
  subjectIds: string[];
  officeCode: string;
  occurredAt: string;
  /** When the store accepted the append (ISO-8601, UTC). Hashed with the event. */
  recordedAt: string;
  actor: Actor;
  correlationId: string;
  causationId: string | null;
  serviceStandard?: ServiceStandardRef;
  payload: TPayload;
  /** Hex SHA-256 of the stream's previous event (64 zeros for revision 0). */
  prevHash: string;
  /** Hex SHA-256(prevHash bytes ‖ UTF-8 canonical JSON of the event); see hashChain.ts. */
  hash: string;
}

/**
 * The optimistic concurrency check of an append:
 * - 'any': no check;
 * - 'noStream': the stream must not exist yet;
 * - 'streamExists': the stream must have at least one event;
 * - n: the stream's last event must be at revision n.
 */
export type ExpectedRevision = 'any' | 'noStream' | 'streamExists' | number;

export interface AppendOptions<TTransaction = never> {
  expectedRevision: ExpectedRevision;
  /**
   * The caller's open transaction, when the adapter can join one (PostgreSQL: a `pg` client
   * inside BEGIN, so an inbox record and the new events commit together). The caller commits or
   * rolls back; after a thrown error the transaction must be rolled back.
   */
  transaction?: TTransaction;
}

export interface AppendedEvent {
  eventId: string;
  streamRevision: number;
  position: Position;
  hash: string;
}

export interface AppendResult {
  /** The stream's revision after the append: pass it as expectedRevision of the next one. */
  nextExpectedRevision: number;
  /** Position of the last appended event. */
  position: Position;
  /** One entry per event, in the order given. */
  events: AppendedEvent[];
  /** True when every event was already stored at that place: a retry; nothing was written. */
  alreadyStored: boolean;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** First revision to read (inclusive); default 'start' forwards, 'end' backwards. */
  from?: 'start' | 'end' | number;
  direction?: Direction;
  /** Default: all. */
  maxCount?: number;
}

/** Either stream categories (the part of the stream id before the first hyphen) or event types. */
export type EventFilter = { categories: readonly string[] } | { types: readonly string[] };

export interface ReadAllOptions {
  /** Exclusive: events after this position. Default: Position.start. */
  from?: Position;
  filter?: EventFilter;
  /** Default 1000. */
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /**
   * Exclusive. A stored checkpoint (the position of the last event handled) resumes exactly
   * after it. 'end': only events that become visible from now on. Default: Position.start.
   */
  from?: Position | 'start' | 'end';
  filter?: EventFilter;
  /** Ends the subscription like close(). */
  signal?: AbortSignal;
}

/**
 * Every event in global order: never skips one, never reorders, never ends by itself. Store
 * `event.position.toString()` as your checkpoint in the same transaction as the event's effects,
 * then resume with `from: Position.parse(checkpoint)`. `break` out of `for await` or call
 * close() to stop. A failed read ends the iteration with that error: resume from the checkpoint.
 */
export interface EventSubscription extends AsyncIterableIterator<RecordedEvent> {
  close(): Promise<void>;
}

/**
 * The event store port. History is permanent: there is no delete, soft delete or truncate.
 *
 * `TTransaction` is what an adapter accepts as the caller's transaction (PostgreSQL: a
 * `pg.PoolClient` inside BEGIN); `never` for adapters that cannot join one (KurrentDB), where
 * idempotent appends (same eventId at the same place → no-op) keep reactions exactly-once.
 */
export interface EventStore<TTransaction = never> {
  /**
   * Appends all events or none. Throws WrongExpectedVersion, StreamOrderConflict (retryable),
   * EventIdConflict, InvalidStreamId, InvalidEvent, EventTooLarge, EventNotSerialisable,
   * InvalidExpectedRevision.
   */
  appendToStream(
    streamId: string,
    events: readonly NewEvent<object>[],
    options: AppendOptions<TTransaction>,
  ): Promise<AppendResult>;

  /** A stream's events by revision; [] when the stream does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * One page of all events after `from`, in global order. Only events that can no longer be
   * preceded by a later commit are returned, so paging on the last position never skips one.
   */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Every event whose envelope caseId is this case, whatever its stream, in global order. */
  readCase(caseId: string): Promise<RecordedEvent[]>;

  subscribeToAll(options?: SubscribeToAllOptions): EventSubscription;

  /** Ends subscriptions and releases what the store opened itself (not a pool it was given). */
  close(): Promise<void>;
}
