import { randomBytes, randomUUID } from 'node:crypto';
import type { EventSubscription, JsonObject, NewEvent, RecordedEvent } from '../port';

/** A name no other test run uses: a fresh category or type per test keeps shared stores apart. */
export function unique(prefix: string): string {
  return `${prefix}${randomBytes(6).toString('hex')}`;
}

export function newEvent(overrides: Partial<NewEvent<JsonObject>> = {}): NewEvent<JsonObject> {
  return {
    eventId: randomUUID(),
    type: 'ReportReceived',
    schemaVersion: 1,
    subjectIds: ['subject-1'],
    officeCode: '3603',
    occurredAt: '2024-05-01T08:30:00.000+07:00',
    actor: { id: 'user-1', role: 'intakeOfficer', officeCode: '3603' },
    correlationId: randomUUID(),
    causationId: null,
    payload: { source: 'walk-in' },
    ...overrides,
  };
}

export function newEvents(
  count: number,
  overrides: Partial<NewEvent<JsonObject>> = {},
): NewEvent<JsonObject>[] {
  return Array.from({ length: count }, (_, index) =>
    newEvent({ payload: { index }, ...overrides }),
  );
}

/** The fields a caller wrote, as they must read back. */
export function writtenFields(event: RecordedEvent): Partial<NewEvent<JsonObject>> {
  const { eventId, type, schemaVersion, caseId, subjectIds, officeCode, occurredAt, actor } = event;
  const { correlationId, causationId, serviceStandard, payload } = event;
  return {
    eventId,
    type,
    schemaVersion,
    ...(caseId !== undefined ? { caseId } : {}),
    subjectIds,
    officeCode,
    occurredAt,
    actor,
    correlationId,
    causationId,
    ...(serviceStandard !== undefined ? { serviceStandard } : {}),
    payload,
  };
}

/** Takes `count` events from a subscription, then closes it; fails after `timeoutMs`. */
export async function take(
  subscription: EventSubscription,
  count: number,
  timeoutMs = 20_000,
): Promise<RecordedEvent[]> {
  const taken: RecordedEvent[] = [];
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void subscription.close();
  }, timeoutMs);
  try {
    for await (const event of subscription) {
      taken.push(event);
      if (taken.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  if (timedOut)
    throw new Error(
      `the subscription delivered ${taken.length} of ${count} events in ${timeoutMs} ms`,
    );
  return taken;
}

/** Polls until `done` holds: reads wait for older transactions anywhere in the cluster. */
export async function eventually<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
