import { isEventType, latestSchemaVersion, upcast } from '@dinsos/contracts';
import type { DocumentFact } from '@dinsos/documents';
import type { RecordedEvent } from '@dinsos/event-store';
import type { DataAccess } from '@dinsos/personal-data';
import type { PersonalFields } from '../personal-data/personal-fields';

/**
 * The facts documents are rendered from (@dinsos/documents' documentInputOf and
 * regenerateIssuedDocument): each recorded event as its latest schema version (older ones upcast),
 * its personal fields decrypted for `access` (an erased one holds the erased marker), in the
 * order given (give them in the store's order).
 */
export async function documentFactsOf(
  events: readonly RecordedEvent[],
  fields: PersonalFields,
  access: DataAccess,
): Promise<DocumentFact[]> {
  const facts: DocumentFact[] = [];
  for (const event of events) {
    const { schemaVersion, payload } = latestFormOf(event);
    const occurredAt = event.occurredAt as string | Date;
    facts.push({
      eventId: event.eventId,
      type: event.type,
      occurredAt: typeof occurredAt === 'string' ? occurredAt : occurredAt.toISOString(),
      officeCode: event.officeCode,
      ...(event.serviceStandard
        ? {
            serviceStandard: {
              code: event.serviceStandard.code,
              version: Number(event.serviceStandard.version),
            },
          }
        : {}),
      payload: await fields.decryptPayload({ type: event.type, schemaVersion, payload }, access),
    });
  }
  return facts;
}

function latestFormOf(event: RecordedEvent): {
  schemaVersion: number;
  payload: RecordedEvent['payload'];
} {
  if (!isEventType(event.type) || event.schemaVersion >= latestSchemaVersion(event.type)) {
    return { schemaVersion: event.schemaVersion, payload: event.payload };
  }
  const upcasted = upcast(event.type, event.schemaVersion, event.payload);
  return {
    schemaVersion: upcasted.schemaVersion,
    payload: upcasted.payload as RecordedEvent['payload'],
  };
}
