import { Position, type EventStore, type RecordedEvent } from '@dinsos/event-store';
import { clientStreamId } from './client.decider';
import { intakeCaseStreamId } from '../intake-case/intake-case.decider';

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
