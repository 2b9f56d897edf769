import { Position, type EventStore, type RecordedEvent } from '@dinsos/event-store';
import type { DataAccess, PersonalDataVault } from '@dinsos/personal-data';
import { clientStreamId } from '../domain/client';
import { intakeCaseStreamId } from '../domain/intake-case';

type Plain = Record<string, unknown>;

/**
 * The client's registration for a case: the ClientRegistered the case's intake recorded, else
 * (a returning client taken in without a new identity) the latest one at or before the case's
 * ReportReceived — never a later one, which another case (perhaps of another office) recorded.
 */
export async function registrationForCase(
  store: Pick<EventStore<unknown>, 'readStream'>,
  clientId: string,
  caseId: string,
): Promise<RecordedEvent | undefined> {
  const registrations = (await store.readStream(clientStreamId(clientId))).filter(
    (event) => event.type === 'ClientRegistered',
  );
  const own = registrations.filter((event) => event.caseId === caseId).at(-1);
  if (own) return own;
  const received = (await store.readStream(intakeCaseStreamId(caseId))).find(
    (event) => event.type === 'ReportReceived',
  );
  if (!received) return undefined;
  return registrations
    .filter((event) => Position.compare(event.position, received.position) <= 0)
    .at(-1);
}

/** A stored payload with its personal fields decrypted (erased ones marked), for one purpose. */
export function decrypted(
  vault: PersonalDataVault,
  event: Pick<RecordedEvent, 'type' | 'schemaVersion' | 'payload'>,
  access: DataAccess,
): Promise<Plain> {
  return vault.decryptPayload(event.type, event.schemaVersion, event.payload as Plain, access);
}

/** One decrypted personal field (a ContactPerson inside a payload, a file reference). */
export async function decryptedObject(
  vault: PersonalDataVault,
  object: Plain,
  access: DataAccess,
): Promise<Plain> {
  const result: Plain = {};
  for (const [key, value] of Object.entries(object)) {
    const isSealed =
      typeof value === 'object' &&
      value !== null &&
      'keyId' in (value as object) &&
      ('ct' in (value as object) || 'erased' in (value as object));
    if (!isSealed) {
      result[key] = value;
      continue;
    }
    const field = await vault.decryptField(value, access);
    result[key] = field.status === 'readable' ? field.value : { erased: true, keyId: field.keyId };
  }
  return result;
}
