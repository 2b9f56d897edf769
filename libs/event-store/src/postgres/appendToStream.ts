import type { DatabaseError } from 'pg';
import { prepareEvent, type PreparedEvent } from '../canonicalEvent';
import {
  EventIdConflict,
  InvalidEvent,
  StreamOrderConflict,
  WrongExpectedVersion,
} from '../errors';
import { assertValidExpectedRevision } from '../expectedRevision';
import type { AppendResult, ExpectedRevision, NewEvent } from '../port';
import { parseStreamId } from '../streamId';
import { positionOf, type Queryable } from './rows';

/** One round trip: event_store.append_to_stream (migrations/0001, 0002) does the checks. */
const APPEND_SQL = `select event_id, stream_revision::text as stream_revision,
    transaction_id::text as transaction_id, sequence::text as sequence,
    pg_catalog.encode(hash, 'hex') as hash, already_stored
  from event_store.append_to_stream($1, $2, $3, $4::uuid[], $5::text[], $6::text[], $7::text[])`;

const HEAD_SQL = `select stream_revision::text as stream_revision from event_store.events
  where stream_id = $1 order by stream_revision desc limit 1`;

const STORED_AT_SQL = `select stream_id, stream_revision::text as stream_revision
  from event_store.events where event_id = $1`;

interface AppendRow {
  event_id: string;
  stream_revision: string;
  transaction_id: string;
  sequence: string;
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

export async function appendToStream(
  db: Queryable,
  /** Reads the stream head after a unique violation aborted the caller's transaction. */
  outsideTransaction: Queryable,
  streamId: string,
  events: readonly NewEvent<object>[],
  expectedRevision: ExpectedRevision,
  settings: AppendSettings,
): Promise<AppendResult> {
  const prepared = prepareAppend(streamId, events, expectedRevision, settings);
  const exact = typeof expectedRevision === 'number';
  let rows: AppendRow[];
  try {
    const result = await db.query<AppendRow>({
      name: 'event_store.append_to_stream',
      text: APPEND_SQL,
      values: [
        streamId,
        exact ? 'revision' : expectedRevision,
        exact ? expectedRevision : null,
        prepared.map((e) => e.eventId),
        prepared.map((e) => e.type),
        prepared.map((e) => e.caseId),
        prepared.map((e) => e.document),
      ],
    });
    rows = result.rows;
  } catch (error) {
    throw await translateError(
      error as DatabaseError,
      outsideTransaction,
      streamId,
      expectedRevision,
    );
  }
  const last = rows[rows.length - 1];
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

async function translateError(
  error: DatabaseError,
  outsideTransaction: Queryable,
  streamId: string,
  expectedRevision: ExpectedRevision,
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
    case '23505':
      if (error.constraint === 'events_event_id_key') {
        // The id is stored elsewhere (found by the insert when the expected revision matched), or
        // another transaction stored it concurrently; either way it is committed now.
        const eventId = /\(event_id\)=\(([^)]+)\)/.exec(error.detail ?? '')?.[1];
        if (!eventId) return new EventIdConflict('unknown', streamId);
        const stored = await outsideTransaction.query<{
          stream_id: string;
          stream_revision: string;
        }>(STORED_AT_SQL, [eventId]);
        const at = stored.rows[0];
        return new EventIdConflict(
          eventId,
          streamId,
          at ? { streamId: at.stream_id, streamRevision: Number(at.stream_revision) } : undefined,
        );
      }
      if (error.constraint === 'events_stream_revision_key') {
        // Only when the caller's transaction is not READ COMMITTED: its snapshot missed the new head.
        const head = await outsideTransaction.query<{ stream_revision: string }>(HEAD_SQL, [
          streamId,
        ]);
        const actual = head.rows[0] ? Number(head.rows[0].stream_revision) : 'noStream';
        return new WrongExpectedVersion(streamId, expectedRevision, actual);
      }
      return error;
    default:
      return error;
  }
}
