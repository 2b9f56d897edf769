import canonicalize from 'canonicalize';
import {
  DEFAULT_MAX_EVENT_BYTES,
  HASHED_FIELDS,
  isCanonical,
  parseDocument,
  prepareEvent,
} from './canonicalEvent';
import { canonicalJson } from './canonicalJson';
import { newEvent } from './contract/fixtures';
import { EventNotSerialisable, EventTooLarge, InvalidEvent } from './errors';

const recordedAt = '2024-05-01T01:30:00.000Z';
const prepare = (overrides: Record<string, unknown> = {}, max = DEFAULT_MAX_EVENT_BYTES) =>
  prepareEvent({ ...newEvent(), ...overrides } as never, 'intakeCase-1', recordedAt, max);

function withHole(): unknown[] {
  const list = [1, 2, 3];
  delete list[1];
  return list;
}

describe('the stored document of an event', () => {
  it('is the RFC 8785 canonical JSON of the hashed fields, which parses back to the event', () => {
    const event = newEvent({
      caseId: 'case-1',
      serviceStandard: { code: 'SOP', version: 3 },
      payload: { z: 1, a: [{ y: true, b: null }], é: 'ü', big: 2 ** 60 },
    });
    const prepared = prepareEvent(event, 'intakeCase-1', recordedAt, DEFAULT_MAX_EVENT_BYTES);
    const parsed = parseDocument(prepared.document);
    expect(Object.keys(parsed).sort()).toEqual([...HASHED_FIELDS].sort());
    expect(parsed).toMatchObject({ ...event, streamId: 'intakeCase-1', recordedAt });
    expect(prepared.document).toBe(canonicalize(parsed));
    expect(isCanonical(prepared.document)).toBe(true);
    expect(prepared).toMatchObject({ eventId: event.eventId, type: event.type, caseId: 'case-1' });
    expect(prepared.sizeBytes).toBe(Buffer.byteLength(prepared.document));
  });

  it('leaves absent optional fields out and lower-cases the event id', () => {
    const prepared = prepare({ eventId: 'AAAAAAAA-BBBB-4CCC-8DDD-EEEEEEEEEEEE' });
    const parsed = parseDocument(prepared.document);
    expect('caseId' in parsed).toBe(false);
    expect('serviceStandard' in parsed).toBe(false);
    expect(parsed.eventId).toBe('aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee');
    expect(prepared.caseId).toBeNull();
  });

  it('measures the size limit on the stored UTF-8 text', () => {
    const base = prepare({ payload: { text: '' } }).sizeBytes;
    const limit = base + 10;
    expect(() => prepare({ payload: { text: 'é'.repeat(5) } }, limit)).not.toThrow();
    expect(() => prepare({ payload: { text: 'é'.repeat(6) } }, limit)).toThrow(EventTooLarge);
  });

  it.each([
    [{ n: Number.NaN }, 'is NaN'],
    [{ n: Infinity }, 'is Infinity'],
    [{ u: undefined }, 'undefined'],
    [{ d: new Date(0) }, 'Date'],
    [{ b: 1n }, 'bigint'],
    [{ s: 'a\u0000b' }, '\\u0000'],
    [{ s: '\udc00' }, 'lone surrogate'],
    [{ a: withHole() }, 'hole'],
  ])('refuses %p as not round-trippable (%s)', (payload, reason) => {
    expect(() => prepare({ payload })).toThrow(EventNotSerialisable);
    expect(() => prepare({ payload })).toThrow(reason);
  });

  it('names the path of what cannot round-trip', () => {
    expect(() => canonicalJson({ a: { b: [0, { c: Number.NaN }] } }, 'payload')).toThrow(
      'payload.a.b[1].c is NaN',
    );
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 300; i++) cursor = (cursor.next = {}) as Record<string, unknown>;
    expect(() => canonicalJson(deep, 'payload')).toThrow('nested deeper');
  });

  it.each([
    ['eventId', 'x'],
    ['type', '1Type'],
    ['schemaVersion', 1.5],
    ['officeCode', '360'],
    ['occurredAt', '2024-05-01'],
    ['occurredAt', '2024-13-45T99:00:00Z'],
    ['actor', null],
    ['serviceStandard', { code: 'SOP', version: '' }],
    ['recordedAt', recordedAt],
  ])('refuses a malformed %s (%p)', (field, value) => {
    expect(() => prepare({ [field]: value })).toThrow(InvalidEvent);
  });
});
