import { randomUUID } from 'node:crypto';
import { validateEvent } from '@dinsos/contracts';
import type { EventStore } from '@dinsos/event-store';
import type { ReadContextShape } from './read-context';

export interface ReadRecord {
  /** A type of the contracts' catalogue, in the reading service's own category. */
  type: string;
  schemaVersion: number;
  streamId: string;
  /** Checked against the contracts before anything is appended. */
  payload: Record<string, unknown>;
  /** Whose record it is: the reader's office, unless the service says otherwise. */
  officeCode?: string;
  occurredAt: string;
}

/**
 * The read side's one write: the record of a read (who, why, what), appended to the reading
 * service's own category, which the database lets its role append to and nothing else. Not a
 * command: nothing is decided from state, and a retried read is another read, so each record has
 * an id of its own and no idempotency key. No envelope caseId, whatever the record is about: a
 * case's history is read by that column, and looking must never become part of it.
 */
export async function appendReadRecord(
  store: Pick<EventStore<unknown>, 'appendToStream'>,
  context: ReadContextShape,
  record: ReadRecord,
): Promise<{ eventId: string; position: string }> {
  const checked = validateEvent(record.type, record.schemaVersion, record.payload);
  if (!checked.ok) {
    throw new Error(`a ${record.type} the contracts refuse: ${JSON.stringify(checked.issues)}`);
  }
  const { actor } = context;
  const eventId = randomUUID();
  const appended = await store.appendToStream(
    record.streamId,
    [
      {
        eventId,
        type: record.type,
        schemaVersion: record.schemaVersion,
        subjectIds: [],
        officeCode: record.officeCode ?? actor.officeCode,
        occurredAt: record.occurredAt,
        actor: { id: actor.id, role: actor.role, officeCode: actor.officeCode },
        correlationId: context.correlationId,
        causationId: null,
        payload: checked.payload,
      },
    ],
    { expectedRevision: 'any' },
  );
  return { eventId, position: appended.position.toString() };
}
