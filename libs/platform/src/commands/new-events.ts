import type { Actor, NewEvent, ServiceStandardRef } from '@dinsos/event-store';
import type { Decider, DomainEvent } from './decider';
import { schemaVersionOf } from './stream-state';

/** What every event a command, reaction or timer appends carries besides its type and payload. */
export interface EventEnvelope {
  /** The owning office of the stream (the case's, for case streams). */
  officeCode: string;
  caseId?: string;
  serviceStandard?: ServiceStandardRef;
  occurredAt: string;
  actor: Actor;
  correlationId: string;
  /** The event that caused these, or null for an answer to a command. */
  causationId: string | null;
}

/**
 * The one place decided events become events to append: schema versions from the decider or
 * the catalogue, the envelope, and ids that derive from what caused them (`idOf(index)`), so a
 * retry appends the same ids.
 */
export function newEventsOf(
  decider: Decider<unknown, unknown, DomainEvent>,
  decided: readonly DomainEvent[],
  envelope: EventEnvelope,
  idOf: (index: number) => string,
): NewEvent<object>[] {
  const actor = {
    id: envelope.actor.id,
    role: envelope.actor.role,
    officeCode: envelope.actor.officeCode,
  };
  return decided.map((event, index) => ({
    eventId: idOf(index),
    type: event.type,
    schemaVersion: schemaVersionOf(decider, event.type),
    ...(envelope.caseId !== undefined ? { caseId: envelope.caseId } : {}),
    subjectIds: [...(event.subjectIds ?? [])],
    officeCode: envelope.officeCode,
    occurredAt: envelope.occurredAt,
    actor,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    ...(envelope.serviceStandard ? { serviceStandard: envelope.serviceStandard } : {}),
    payload: event.payload,
  }));
}
