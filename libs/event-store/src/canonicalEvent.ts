import { canonicalJson } from './canonicalJson';
import { EventTooLarge, InvalidEvent } from './errors';
import type { JsonObject, NewEvent, RecordedEvent } from './port';

/** 256 KiB: below the Kafka message limit the messaging lib provisions, above the HTTP body limit. */
export const DEFAULT_MAX_EVENT_BYTES = 256 * 1024;

/**
 * The fields of an event that are hashed, in the stored canonical document (RFC 8785 JCS). Not
 * hashed: streamRevision (the chain itself fixes each event's place), position (assigned by the
 * store at commit), prevHash and hash. Absent optional fields (caseId, serviceStandard) are
 * absent from the document.
 */
export const HASHED_FIELDS = [
  'eventId',
  'type',
  'schemaVersion',
  'streamId',
  'caseId',
  'subjectIds',
  'officeCode',
  'occurredAt',
  'recordedAt',
  'actor',
  'correlationId',
  'causationId',
  'serviceStandard',
  'payload',
] as const;

/** The stored, hashed document of an event: the envelope fields above plus the payload. */
export type EventDocument = Omit<
  RecordedEvent,
  'streamRevision' | 'position' | 'prevHash' | 'hash'
>;

export interface PreparedEvent {
  eventId: string;
  type: string;
  caseId: string | null;
  /** The exact text that is stored and hashed. */
  document: string;
  sizeBytes: number;
}

const NEW_EVENT_FIELDS = new Set<string>([
  'eventId',
  'type',
  'schemaVersion',
  'caseId',
  'subjectIds',
  'officeCode',
  'occurredAt',
  'actor',
  'correlationId',
  'causationId',
  'serviceStandard',
  'payload',
]);
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
/** Kemendagri region codes: province (2 digits), regency/city (4), district (6), village (10). */
const OFFICE_CODE = /^(\d{2}|\d{4}|\d{6}|\d{10})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const TYPE = /^[A-Za-z][A-Za-z0-9_.:-]{0,199}$/;
function fail(eventId: string | undefined, field: string, reason: string): never {
  throw new InvalidEvent(eventId, field, reason);
}

function requireText(eventId: string | undefined, field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim().length === 0)
    fail(eventId, field, 'must be a non-empty string');
  return value;
}

/**
 * Checks a caller's event and builds the exact text the store keeps and hashes. Throws
 * InvalidEvent, EventNotSerialisable or EventTooLarge; the caller writes nothing then.
 */
export function prepareEvent(
  event: NewEvent<object>,
  streamId: string,
  recordedAt: string,
  maxEventBytes: number,
): PreparedEvent {
  if (event === null || typeof event !== 'object' || Array.isArray(event)) {
    fail(undefined, 'event', 'must be an object');
  }
  const raw = event as unknown as Record<string, unknown>;
  const rawId = raw.eventId;
  if (typeof rawId !== 'string' || !UUID.test(rawId))
    fail(undefined, 'eventId', 'must be a UUID string');
  const eventId = rawId.toLowerCase();
  for (const key of Object.keys(raw)) {
    if (!NEW_EVENT_FIELDS.has(key)) fail(eventId, key, 'is not a field of a new event');
  }
  if (typeof raw.type !== 'string' || !TYPE.test(raw.type)) {
    fail(eventId, 'type', 'must be a name: a letter, then letters, digits or . _ : - (≤ 200)');
  }
  if (
    typeof raw.schemaVersion !== 'number' ||
    !Number.isSafeInteger(raw.schemaVersion) ||
    raw.schemaVersion < 1
  ) {
    fail(eventId, 'schemaVersion', 'must be an integer ≥ 1');
  }
  if (raw.caseId !== undefined) requireText(eventId, 'caseId', raw.caseId);
  if (!Array.isArray(raw.subjectIds)) fail(eventId, 'subjectIds', 'must be an array of strings');
  raw.subjectIds.forEach((id, index) => requireText(eventId, `subjectIds[${index}]`, id));
  if (typeof raw.officeCode !== 'string' || !OFFICE_CODE.test(raw.officeCode)) {
    fail(eventId, 'officeCode', "must be a Kemendagri region code such as '36' or '3603'");
  }
  if (
    typeof raw.occurredAt !== 'string' ||
    !INSTANT.test(raw.occurredAt) ||
    !Number.isFinite(Date.parse(raw.occurredAt))
  ) {
    fail(eventId, 'occurredAt', "must be an ISO-8601 instant with an offset ('Z' or '+07:00')");
  }
  const actor = raw.actor as Record<string, unknown> | null;
  if (actor === null || typeof actor !== 'object' || Array.isArray(actor))
    fail(eventId, 'actor', 'must be { id, role, officeCode }');
  for (const key of Object.keys(actor)) {
    if (!['id', 'role', 'officeCode'].includes(key))
      fail(eventId, `actor.${key}`, 'is not a field of an actor');
  }
  requireText(eventId, 'actor.id', actor.id);
  requireText(eventId, 'actor.role', actor.role);
  if (typeof actor.officeCode !== 'string' || !OFFICE_CODE.test(actor.officeCode)) {
    fail(eventId, 'actor.officeCode', 'must be a Kemendagri region code');
  }
  requireText(eventId, 'correlationId', raw.correlationId);
  if (raw.causationId !== null) requireText(eventId, 'causationId', raw.causationId);
  const standard = raw.serviceStandard as Record<string, unknown> | undefined;
  if (standard !== undefined) {
    if (standard === null || typeof standard !== 'object' || Array.isArray(standard)) {
      fail(eventId, 'serviceStandard', 'must be { code, version }');
    }
    for (const key of Object.keys(standard)) {
      if (key !== 'code' && key !== 'version')
        fail(eventId, `serviceStandard.${key}`, 'is not a field of a service standard');
    }
    requireText(eventId, 'serviceStandard.code', standard.code);
    const version = standard.version;
    if (
      typeof version === 'number'
        ? !Number.isFinite(version)
        : typeof version !== 'string' || version.length === 0
    ) {
      fail(eventId, 'serviceStandard.version', 'must be a non-empty string or a number');
    }
  }
  const payload = raw.payload;
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) {
    fail(eventId, 'payload', 'must be a JSON object');
  }

  const document: Record<string, unknown> = {
    eventId,
    type: raw.type,
    schemaVersion: raw.schemaVersion,
    streamId,
    ...(raw.caseId !== undefined ? { caseId: raw.caseId } : {}),
    subjectIds: raw.subjectIds,
    officeCode: raw.officeCode,
    occurredAt: raw.occurredAt,
    recordedAt,
    actor: { id: actor.id, role: actor.role, officeCode: actor.officeCode },
    correlationId: raw.correlationId,
    causationId: raw.causationId,
    ...(standard !== undefined
      ? { serviceStandard: { code: standard.code, version: standard.version } }
      : {}),
    payload,
  };
  const text = canonicalJson(document, 'event', eventId);
  const sizeBytes = Buffer.byteLength(text, 'utf8');
  if (sizeBytes > maxEventBytes) throw new EventTooLarge(eventId, sizeBytes, maxEventBytes);
  return {
    eventId,
    type: raw.type,
    caseId: (raw.caseId as string | undefined) ?? null,
    document: text,
    sizeBytes,
  };
}

/** Reads a stored document back (the inverse of prepareEvent's text). */
export function parseDocument(document: string): EventDocument & { payload: JsonObject } {
  return JSON.parse(document) as EventDocument & { payload: JsonObject };
}

/** True when the text is exactly the canonical form of what it parses to. */
export function isCanonical(document: string): boolean {
  try {
    return canonicalJson(JSON.parse(document), 'document') === document;
  } catch {
    return false;
  }
}
