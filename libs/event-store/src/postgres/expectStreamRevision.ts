import { WrongExpectedVersion } from '../errors';
import type { Queryable } from './rows';

// The key every appender of a stream takes (append_to_stream, migrations/0001): holding it until
// commit keeps the stream where it was read.
const LOCK_STREAM = `select pg_catalog.pg_advisory_xact_lock(1163285332, pg_catalog.hashtext($1))`;
const HEAD_REVISION = `select pg_catalog.max(stream_revision)::text as head
  from event_store.events where stream_id = $1`;

/**
 * In the caller's transaction: the stream is still at `revision` (-1: it does not exist), and no
 * one appends to it until the transaction ends. For a command that decides on a stream it does
 * not write (a case's office scope while writing the client's stream): its decision cannot rest
 * on a state that changed before it committed.
 */
export async function expectStreamRevision(
  transaction: Queryable,
  streamId: string,
  revision: number,
): Promise<void> {
  await transaction.query(LOCK_STREAM, [streamId]);
  const { rows } = await transaction.query<{ head: string | null }>(HEAD_REVISION, [streamId]);
  const head = rows[0]?.head == null ? -1 : Number(rows[0].head);
  if (head !== revision) {
    throw new WrongExpectedVersion(
      streamId,
      revision < 0 ? 'noStream' : revision,
      head < 0 ? 'noStream' : head,
    );
  }
}
