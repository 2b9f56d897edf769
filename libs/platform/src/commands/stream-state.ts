import { isEventType, latestSchemaVersion, upcast } from '@dinsos/contracts';
import type { EventStore, Position, RecordedEvent } from '@dinsos/event-store';
import { foldEvents, type Decider, type DomainEvent } from './decider';

export interface StreamState<S> {
  state: S;
  /** The last event's revision, or -1 when the stream does not exist. */
  revision: number;
  /** The last event's store position, or null when the stream does not exist. */
  position: Position | null;
}

/** A stored event as a decider sees it: catalogued types upcast to their latest version. */
export function toDomainEvent(recorded: RecordedEvent): DomainEvent {
  let payload: object = recorded.payload;
  if (isEventType(recorded.type) && recorded.schemaVersion < latestSchemaVersion(recorded.type)) {
    payload = upcast(recorded.type, recorded.schemaVersion, recorded.payload).payload;
  }
  return { type: recorded.type, payload, subjectIds: recorded.subjectIds };
}

// The store's transaction type differs by adapter; loading needs none of it.
export async function loadStream<S, E extends DomainEvent>(
  store: Pick<EventStore<unknown>, 'readStream'>,
  streamId: string,
  decider: Decider<unknown, S, E>,
): Promise<StreamState<S>> {
  const recorded = await store.readStream(streamId);
  const last = recorded[recorded.length - 1];
  return {
    state: foldEvents(
      decider,
      recorded.map((event) => toDomainEvent(event) as E),
    ),
    revision: last ? last.streamRevision : -1,
    position: last ? last.position : null,
  };
}

/** The schema version an appended event gets: the decider's own, else the catalogue's latest. */
export function schemaVersionOf(
  decider: Decider<unknown, unknown, DomainEvent>,
  type: string,
): number {
  const own = (decider.schemaVersions as Record<string, number> | undefined)?.[type];
  if (own !== undefined) return own;
  if (isEventType(type)) return latestSchemaVersion(type);
  throw new Error(
    `event type ${type} is not in the contracts catalogue; give its schema version in the decider`,
  );
}
