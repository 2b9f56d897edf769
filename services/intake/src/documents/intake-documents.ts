import { latestSchemaVersion } from '@dinsos/contracts';
import type { DocumentFact } from '@dinsos/documents';
import { Position, type EventStore, type RecordedEvent } from '@dinsos/event-store';
import { documentFactsOf, type PersonalFields } from '@dinsos/platform';
import type { DataAccess } from '@dinsos/personal-data';
import { clientStreamId } from '../client/client.decider';
import { intakeCaseStreamId } from '../intake-case/intake-case.decider';

/**
 * The events intake renders its documents from (the BAST of the shelter handover and the letter
 * referring a client to another office, @dinsos/documents' documentInputOf): the case's stream
 * and the client's registrations, in the store's order. These are the events an auditor reads
 * back (the case's events, and the client's stream for a client registered in an earlier case),
 * so the documents regenerate from them.
 */
export async function intakeDocumentEvents(
  store: Pick<EventStore<unknown>, 'readStream'>,
  caseId: string,
  clientId: string,
): Promise<RecordedEvent[]> {
  const caseEvents = await store.readStream(intakeCaseStreamId(caseId));
  const registrations = (await store.readStream(clientStreamId(clientId))).filter(
    (event) => event.type === 'ClientRegistered',
  );
  return [...caseEvents, ...registrations].sort((a, b) => Position.compare(a.position, b.position));
}

/** intakeDocumentEvents as facts to render from, decrypted for `access`. */
export async function intakeDocumentFacts(
  store: Pick<EventStore<unknown>, 'readStream'>,
  fields: PersonalFields,
  access: DataAccess,
  caseId: string,
  clientId: string,
): Promise<DocumentFact[]> {
  return documentFactsOf(await intakeDocumentEvents(store, caseId, clientId), fields, access);
}

/**
 * The fact of an event intake is about to record, as the store will give it back decrypted:
 * its payload as decided (personal fields encrypted), decrypted again. Its id is not known yet:
 * it stands after every fact read.
 */
export async function factToRecord(
  fields: PersonalFields,
  access: DataAccess,
  event: { type: string; payload: object },
  envelope: {
    officeCode: string;
    occurredAt: string;
    serviceStandard?: DocumentFact['serviceStandard'];
  },
): Promise<DocumentFact> {
  return {
    eventId: 'to-be-recorded',
    type: event.type,
    occurredAt: envelope.occurredAt,
    officeCode: envelope.officeCode,
    ...(envelope.serviceStandard ? { serviceStandard: envelope.serviceStandard } : {}),
    payload: await fields.decryptPayload(
      {
        type: event.type,
        schemaVersion: latestSchemaVersion(event.type),
        payload: event.payload as never,
      },
      access,
    ),
  };
}
