import type { DatabaseError } from 'pg';
import { prepareEvent, type PreparedEvent } from '../canonicalEvent';
import {
  CategoryAccessDenied,
  EventIdConflict,
  InvalidEvent,
  StreamOrderConflict,
  WrongExpectedVersion,
} from '../errors';
import { assertValidExpectedRevision } from '../expectedRevision';
import { chainHashBytes } from '../hashChain';
import type { AppendResult, ExpectedRevision, NewEvent } from '../port';
import { parseStreamId } from '../streamId';
import type { KnownHead, KnownHeads } from './knownHeads';
import { positionOf, type Queryable } from './rows';

/**
 * One round trip: event_store.append_to_stream (migrations/0001, 0002) does every check. The
 * documents go as one newline-separated text (migrations/0004): see joinDocuments.
 */
const APPEND_SQL = `select event_id, stream_revision::text as stream_revision,
    transaction_id::text as transaction_id, sequence::text as sequence,
    pg_catalog.encode(hash, 'hex') as hash, already_stored
  from event_store.append_to_stream($1, $2, $3, $4::uuid[], $5::text[], $6::text[], $7::text)`;

/**
 * A batch's documents as one text, newline-separated, instead of a text[] whose array literal
 * escapes every quote of every document and is parsed back on the server. Canonical JSON never
 * holds a raw newline (RFC 8785 escapes control characters and writes no whitespace); a text
 * that did would split into more documents than events, which the database refuses (a count
 * check in append_to_stream, NOT NULL event ids in the known-head INSERT).
 */
function joinDocuments(prepared: readonly PreparedEvent[]): string {
  return prepared.map((event) => event.document).join('\n');
}

// Appending at a known head: the same per-stream advisory lock as append_to_stream, the same
// stream-order guard ($3: the head's transaction id), and the unique keys in place of the head
// lookup. In the caller's transaction conflicts are skipped (ON CONFLICT DO NOTHING) so that the
// transaction stays usable for append_to_stream to give the exact answer, and a batch of which only
// part went in is refused (migrations/0003); on its own a conflicting statement simply fails.
// The lock key is append_to_stream's (migrations/0001): every appender of a stream takes it.
const STREAM_LOCK = `with stream_lock as (
    select pg_catalog.pg_advisory_xact_lock(1163285332, pg_catalog.hashtext($1)))`;
const INSERT_EVENTS = `insert into event_store.events as e
         (event_id, stream_id, stream_revision, type, case_id, document, prev_hash, hash)`;
const OLDER_HEAD = `$3::xid8 is null or $3::xid8 <= pg_catalog.pg_current_xact_id()`;
// One event's id and revision are known already: it returns only its position.
const POSITION_COLUMNS = `transaction_id::text as transaction_id, sequence::text as sequence`;
const APPENDED_COLUMNS = `event_id, stream_revision::text as stream_revision, ${POSITION_COLUMNS}`;
const BATCH_ROWS = `select b.event_id, $1, $2::bigint + b.ord, b.type, b.case_id, b.document, b.prev_hash, b.hash
      from stream_lock,
           unnest($4::uuid[], $5::text[], $6::text[], pg_catalog.string_to_array($7::text, E'\\n'),
                  $8::bytea[], $9::bytea[])
           with ordinality as b(event_id, type, case_id, document, prev_hash, hash, ord)
     where ${OLDER_HEAD}
     order by b.ord`;

function appendAtKnownHeadSql(batch: boolean, inCallersTransaction: boolean): string {
  if (!batch) {
    return `${STREAM_LOCK}
  ${INSERT_EVENTS}
  select $4::uuid, $1, $2::bigint + 1, $5, $6, $7, $8::bytea, $9::bytea from stream_lock where ${OLDER_HEAD}
  ${inCallersTransaction ? 'on conflict do nothing' : ''}
  returning ${POSITION_COLUMNS}`;
  }
  if (!inCallersTransaction) {
    return `${STREAM_LOCK}
  ${INSERT_EVENTS}
  ${BATCH_ROWS}
  returning ${APPENDED_COLUMNS}`;
  }
  return `${STREAM_LOCK},
  appended as (
    ${INSERT_EVENTS}
    ${BATCH_ROWS}
    on conflict do nothing
    returning e.event_id, e.stream_revision, e.transaction_id, e.sequence),
  counted as (select pg_catalog.count(*) as appended from appended)
  select ${APPENDED_COLUMNS} from appended
   where (select case when c.appended in (0, pg_catalog.cardinality($4::uuid[])) then true
                 else event_store.refuse_partial_append($1, c.appended, pg_catalog.cardinality($4::uuid[]))
                 end from counted c)
   order by stream_revision`;
}

const APPEND_AT_KNOWN_HEAD_SQL = {
  one: appendAtKnownHeadSql(false, false),
  batch: appendAtKnownHeadSql(true, false),
  oneInTransaction: appendAtKnownHeadSql(false, true),
  batchInTransaction: appendAtKnownHeadSql(true, true),
};

/**
 * Larger batches go to append_to_stream even at a known head: its one call is spread over the
 * batch, and hashing there is cheaper than hashing here and sending every hash (measured equal
 * at 10–30 events, 5–10% slower at 100).
 */
const KNOWN_HEAD_MAX_EVENTS = 16;

const HEAD_SQL = `select stream_revision::text as stream_revision from event_store.events
  where stream_id = $1 order by stream_revision desc limit 1`;

const STORED_AT_SQL = `select stream_id, stream_revision::text as stream_revision
  from event_store.events where event_id = $1`;

const FIRST_STORED_SQL = `select ids.id as event_id, e.stream_id, e.stream_revision::text as stream_revision
  from unnest($1::uuid[]) with ordinality as ids(id, ord)
  join event_store.events e on e.event_id = ids.id
  order by ids.ord limit 1`;

interface StoredAtRow {
  stream_id: string;
  stream_revision: string;
}

interface AppendedPositionRow {
  transaction_id: string;
  sequence: string;
}

interface AppendedRow extends AppendedPositionRow {
  event_id: string;
  stream_revision: string;
}

interface AppendRow extends AppendedRow {
  hash: string;
  already_stored: boolean;
}

export interface AppendSettings {
  maxEventBytes: number;
}

/** Checks everything that can be checked without the database; throws before anything is sent. */
export function prepareAppend(
  streamId: string,
  events: readonly NewEvent<object>[],
  expectedRevision: unknown,
  settings: AppendSettings,
): PreparedEvent[] {
  parseStreamId(streamId);
  assertValidExpectedRevision(expectedRevision);
  if (!Array.isArray(events) || events.length === 0) {
    throw new InvalidEvent(undefined, 'events', 'an append needs at least one event');
  }
  const recordedAt = new Date().toISOString();
  const prepared = events.map((event) =>
    prepareEvent(event, streamId, recordedAt, settings.maxEventBytes),
  );
  const ids = new Set<string>();
  for (const event of prepared) {
    if (ids.has(event.eventId))
      throw new InvalidEvent(event.eventId, 'eventId', 'appears twice in the batch');
    ids.add(event.eventId);
  }
  return prepared;
}

/** Where an append runs, and what the adapter knows of stream heads. */
export interface AppendTarget {
  /** The caller's transaction, or the pool. */
  db: Queryable;
  /** Reads what an error hides from an aborted caller's transaction. */
  outsideTransaction: Queryable;
  /** Whether db is the caller's transaction: its appends are not committed when they return. */
  inCallersTransaction: boolean;
  knownHeads: KnownHeads;
}

export async function appendToStream(
  target: AppendTarget,
  streamId: string,
  events: readonly NewEvent<object>[],
  expectedRevision: ExpectedRevision,
  settings: AppendSettings,
): Promise<AppendResult> {
  const prepared = prepareAppend(streamId, events, expectedRevision, settings);
  const known =
    prepared.length <= KNOWN_HEAD_MAX_EVENTS
      ? target.knownHeads.headFor(streamId, expectedRevision)
      : undefined;
  const rows =
    (known && (await appendAtKnownHead(target, streamId, expectedRevision, prepared, known))) ||
    (await appendChecked(target, streamId, expectedRevision, prepared));
  const last = rows[rows.length - 1];
  if (!target.inCallersTransaction) {
    target.knownHeads.remember(streamId, {
      streamRevision: Number(last.stream_revision),
      hash: last.hash,
      transactionId: last.transaction_id,
    });
  }
  return {
    nextExpectedRevision: Number(last.stream_revision),
    position: positionOf(last.transaction_id, last.sequence),
    events: rows.map((row) => ({
      eventId: row.event_id,
      streamRevision: Number(row.stream_revision),
      position: positionOf(row.transaction_id, row.sequence),
      hash: row.hash,
    })),
    alreadyStored: rows.every((row) => row.already_stored),
  };
}

/**
 * Chains the events onto a head the adapter knows and inserts them in one statement. Returns
 * undefined when that head is no longer the stream's head (or an id is stored, or the head is
 * younger than the caller's transaction): nothing went in, and append_to_stream says why.
 */
async function appendAtKnownHead(
  target: AppendTarget,
  streamId: string,
  expectedRevision: ExpectedRevision,
  prepared: PreparedEvent[],
  head: KnownHead,
): Promise<AppendRow[] | undefined> {
  let previous: Buffer = Buffer.from(head.hash, 'hex');
  const prevHashes: Buffer[] = [];
  const hashes = prepared.map((event) => {
    prevHashes.push(previous);
    return (previous = chainHashBytes(previous, event.document));
  });
  const one = prepared.length === 1 ? prepared[0] : undefined;
  const variant =
    `${one ? 'one' : 'batch'}${target.inCallersTransaction ? 'InTransaction' : ''}` as const;
  const values = [
    streamId,
    head.streamRevision,
    head.transactionId,
    ...(one
      ? [one.eventId, one.type, one.caseId, one.document, prevHashes[0], hashes[0]]
      : [
          prepared.map((e) => e.eventId),
          prepared.map((e) => e.type),
          prepared.map((e) => e.caseId),
          joinDocuments(prepared),
          prevHashes,
          hashes,
        ]),
  ];
  let appended: AppendedPositionRow[];
  try {
    const result = await target.db.query<AppendedPositionRow>({
      name: `event_store.append_${variant}_at_known_head`,
      text: APPEND_AT_KNOWN_HEAD_SQL[variant],
      values,
    });
    appended = result.rows;
  } catch (error) {
    const code = (error as DatabaseError).code;
    // On its own the statement wrote nothing: append_to_stream answers instead.
    if (!target.inCallersTransaction && code === '23505') return undefined;
    // In the caller's transaction: part of a batch went in, or (REPEATABLE READ) the conflicting
    // row is newer than its snapshot. The error aborted the transaction; say why from outside.
    if (code === 'ES004' || code === '40001') {
      throw (
        (await explainConflictOutside(
          target.outsideTransaction,
          streamId,
          expectedRevision,
          prepared,
        )) ?? error
      );
    }
    throw await translateError(
      error as DatabaseError,
      target.outsideTransaction,
      streamId,
      expectedRevision,
      prepared,
    );
  }
  if (appended.length === 0) return undefined;
  if (one) {
    const [{ transaction_id, sequence }] = appended;
    return [
      {
        event_id: one.eventId,
        stream_revision: String(head.streamRevision + 1),
        transaction_id,
        sequence,
        hash: hashes[0].toString('hex'),
        already_stored: false,
      },
    ];
  }
  return (appended as AppendedRow[])
    .map((row) => ({
      ...row,
      hash: hashes[Number(row.stream_revision) - head.streamRevision - 1].toString('hex'),
      already_stored: false,
    }))
    .sort((a, b) => Number(a.stream_revision) - Number(b.stream_revision));
}

async function appendChecked(
  target: AppendTarget,
  streamId: string,
  expectedRevision: ExpectedRevision,
  prepared: PreparedEvent[],
): Promise<AppendRow[]> {
  const exact = typeof expectedRevision === 'number';
  try {
    const result = await target.db.query<AppendRow>({
      name: 'event_store.append_to_stream',
      text: APPEND_SQL,
      values: [
        streamId,
        exact ? 'revision' : expectedRevision,
        exact ? expectedRevision : null,
        prepared.map((e) => e.eventId),
        prepared.map((e) => e.type),
        prepared.map((e) => e.caseId),
        joinDocuments(prepared),
      ],
    });
    return result.rows;
  } catch (error) {
    throw await translateError(
      error as DatabaseError,
      target.outsideTransaction,
      streamId,
      expectedRevision,
      prepared,
    );
  }
}

async function committedHeadRevision(
  outsideTransaction: Queryable,
  streamId: string,
): Promise<number | 'noStream'> {
  const head = await outsideTransaction.query<{ stream_revision: string }>(HEAD_SQL, [streamId]);
  return head.rows[0] ? Number(head.rows[0].stream_revision) : 'noStream';
}

/** What append_to_stream would have said, read from outside an aborted caller's transaction. */
async function explainConflictOutside(
  outsideTransaction: Queryable,
  streamId: string,
  expectedRevision: ExpectedRevision,
  prepared: PreparedEvent[],
): Promise<Error | undefined> {
  const actual = await committedHeadRevision(outsideTransaction, streamId);
  if (actual !== expectedRevision)
    return new WrongExpectedVersion(streamId, expectedRevision, actual);
  const stored = await outsideTransaction.query<{
    event_id: string;
    stream_id: string;
    stream_revision: string;
  }>(FIRST_STORED_SQL, [prepared.map((e) => e.eventId)]);
  const at = stored.rows[0];
  return at
    ? new EventIdConflict(at.event_id, streamId, {
        streamId: at.stream_id,
        streamRevision: Number(at.stream_revision),
      })
    : undefined;
}

async function translateError(
  error: DatabaseError,
  outsideTransaction: Queryable,
  streamId: string,
  expectedRevision: ExpectedRevision,
  prepared: PreparedEvent[],
): Promise<unknown> {
  switch (error.code) {
    case 'ES001':
      return new WrongExpectedVersion(
        streamId,
        expectedRevision,
        error.detail === 'noStream' ? 'noStream' : Number(error.detail),
      );
    case 'ES002':
      return new StreamOrderConflict(streamId);
    case 'ES003': {
      const [eventId, atStream, atRevision] = (error.detail ?? '').split(' ');
      return new EventIdConflict(eventId, streamId, {
        streamId: atStream,
        streamRevision: Number(atRevision),
      });
    }
    case '42501':
      // Row-level security: the role may not append to this category (see 0005_category_access).
      if (/row-level security/.test(error.message)) {
        return new CategoryAccessDenied('append', parseStreamId(streamId).category);
      }
      return error;
    case '23505':
      if (error.constraint === 'events_event_id_key') {
        // The id is stored elsewhere (found by the insert when the expected revision matched), or
        // another transaction stored it concurrently; either way it is committed now.
        // PostgreSQL leaves the key out of the message on a table with row-level security: look
        // for which of the batch's ids is stored (as far as this role may see).
        const eventId = /\(event_id\)=\(([^)]+)\)/.exec(error.detail ?? '')?.[1];
        const stored = eventId
          ? (await outsideTransaction.query<StoredAtRow>(STORED_AT_SQL, [eventId])).rows.map(
              (row) => ({ ...row, event_id: eventId }),
            )
          : (
              await outsideTransaction.query<StoredAtRow & { event_id: string }>(FIRST_STORED_SQL, [
                prepared.map((e) => e.eventId),
              ])
            ).rows;
        const at = stored[0];
        return new EventIdConflict(
          at?.event_id ?? eventId ?? 'unknown',
          streamId,
          at ? { streamId: at.stream_id, streamRevision: Number(at.stream_revision) } : undefined,
        );
      }
      if (error.constraint === 'events_stream_revision_key') {
        // Only when the caller's transaction is not READ COMMITTED: its snapshot missed the new head.
        const actual = await committedHeadRevision(outsideTransaction, streamId);
        return new WrongExpectedVersion(streamId, expectedRevision, actual);
      }
      return error;
    default:
      return error;
  }
}
