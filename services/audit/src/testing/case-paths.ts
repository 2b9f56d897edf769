// Test support: whole case paths from @dinsos/case-summary/testing appended to the one store as
// the owning services' roles would append them (each event in its own category, by its role).
import { createHash, randomUUID } from 'node:crypto';
import type { CaseEventInput } from '@dinsos/case-summary';
import {
  contextOfStreamCategory,
  contexts,
  isStreamCategory,
  serviceRoleName,
} from '@dinsos/contracts';
import { PostgresEventStore, categoryOf, type RecordedEvent } from '@dinsos/event-store';
import type { TestDatabase } from '@dinsos/testing';
import { Pool } from 'pg';

/** A UUID derived from a name, so a path's causation ids follow its event ids. */
function derivedId(namespace: string, id: string): string {
  const hex = createHash('sha256').update(`${namespace}:${id}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Rewrites a path for another case id (its case streams and envelope), with ids of its own; with
 * `caseStreamsOnly` the client and complaint streams are left out (they would be shared).
 */
export function pathFor(
  events: readonly CaseEventInput[],
  options: { namespace: string; caseId?: string; caseStreamsOnly?: boolean },
): CaseEventInput[] {
  const from = events.find((event) => event.caseId)?.caseId as string;
  const caseId = options.caseId ?? from;
  return events
    .filter(
      (event) =>
        !options.caseStreamsOnly || !['client', 'complaint'].includes(categoryOf(event.streamId)),
    )
    .map((event) => ({
      ...event,
      eventId: derivedId(options.namespace, event.eventId),
      causationId: event.causationId ? derivedId(options.namespace, event.causationId) : null,
      streamId: event.streamId.replace(from, caseId),
      ...(event.caseId ? { caseId: event.caseId === from ? caseId : event.caseId } : {}),
    }));
}

/** Appends as the owning services' roles, in the order given; returns what was stored. */
export class OwningServices {
  private readonly stores = new Map<string, { pool: Pool; store: PostgresEventStore }>();

  constructor(private readonly database: TestDatabase) {}

  storeOf(role: string): PostgresEventStore {
    let entry = this.stores.get(role);
    if (!entry) {
      const pool = new Pool({ connectionString: this.database.urlAs(role), max: 2 });
      pool.on('error', () => undefined);
      entry = { pool, store: new PostgresEventStore(pool) };
      this.stores.set(role, entry);
    }
    return entry.store;
  }

  async append(events: readonly CaseEventInput[]): Promise<RecordedEvent[]> {
    const stored: RecordedEvent[] = [];
    for (const event of events) {
      const category = categoryOf(event.streamId);
      if (!isStreamCategory(category)) throw new Error(`no owner for ${event.streamId}`);
      const role = serviceRoleName(contexts[contextOfStreamCategory(category)].service);
      const store = this.storeOf(role);
      await store.appendToStream(
        event.streamId,
        [
          {
            eventId: event.eventId,
            type: event.type,
            schemaVersion: event.schemaVersion,
            ...(event.caseId ? { caseId: event.caseId } : {}),
            subjectIds: [],
            officeCode: event.officeCode,
            occurredAt: event.occurredAt,
            actor: { ...event.actor },
            correlationId: event.correlationId,
            causationId: event.causationId,
            ...(event.serviceStandard
              ? {
                  serviceStandard: {
                    code: event.serviceStandard.code,
                    version: event.serviceStandard.version,
                  },
                }
              : {}),
            payload: event.payload as Record<string, never>,
          },
        ],
        { expectedRevision: 'any' },
      );
      const [head] = await store.readStream(event.streamId, {
        direction: 'backwards',
        maxCount: 1,
      });
      stored.push(head);
    }
    return stored;
  }

  async close(): Promise<void> {
    await Promise.all([...this.stores.values()].map(({ pool }) => pool.end()));
  }
}

/** Every value of `ids` replaced by a fresh one: a copy of a path about other people. */
export function withPeopleOfItsOwn(
  events: readonly CaseEventInput[],
  people: Readonly<Record<string, string>>,
): CaseEventInput[] {
  const fresh = new Map(Object.values(people).map((id) => [id, randomUUID()]));
  return events.map((event) => {
    let text = JSON.stringify(event);
    for (const [from, to] of fresh) text = text.split(from).join(to);
    return JSON.parse(text) as CaseEventInput;
  });
}

/**
 * The paths' stand-in ciphertext (key ids `key-<subject>`, which no vault makes) replaced by real
 * encryption under each subject's key, with plausible plaintext: the vault can read it back.
 */
export async function encryptedForReal(
  events: readonly CaseEventInput[],
  encrypt: (subjectId: string, value: unknown) => Promise<unknown>,
): Promise<CaseEventInput[]> {
  const walk = async (value: unknown, key: string): Promise<unknown> => {
    if (Array.isArray(value)) return Promise.all(value.map((item) => walk(item, key)));
    if (value === null || typeof value !== 'object') return value;
    const object = value as Record<string, unknown>;
    if (typeof object.keyId === 'string' && object.keyId.startsWith('key-') && 'ct' in object) {
      const subject = object.keyId.slice('key-'.length);
      return encrypt(subject, key === 'estimatedAgeYears' ? 9 : `${key} ${subject.slice(0, 4)}`);
    }
    const out: Record<string, unknown> = {};
    for (const [name, child] of Object.entries(object)) out[name] = await walk(child, name);
    return out;
  };
  const result: CaseEventInput[] = [];
  for (const event of events) result.push({ ...event, payload: await walk(event.payload, '') });
  return result;
}
