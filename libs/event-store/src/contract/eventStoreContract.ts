import canonicalize from 'canonicalize';
import { DEFAULT_MAX_EVENT_BYTES, HASHED_FIELDS } from '../canonicalEvent';
import {
  CategoryAccessDenied,
  EventIdConflict,
  EventNotSerialisable,
  EventTooLarge,
  InvalidEvent,
  InvalidExpectedRevision,
  InvalidReadOptions,
  InvalidStreamId,
  WrongExpectedVersion,
} from '../errors';
import { chainHash, GENESIS_HASH } from '../hashChain';
import { Position } from '../position';
import type { EventStore, ExpectedRevision, JsonObject, NewEvent, RecordedEvent } from '../port';
import { streamIdOf } from '../streamId';
import { eventually, newEvent, newEvents, take, unique, writtenFields } from './fixtures';

export interface ContractSubject {
  /** Configured with the default event size limit (256 KiB). */
  store: EventStore<unknown>;
  dispose?(): Promise<void>;
}

export interface ContractFeatures {
  /**
   * The store refuses appends to, and reads of, categories its role was not granted (PostgreSQL:
   * row-level security). KurrentDB has no such guard: its suite leaves this unset.
   */
  guardsCategories?: boolean;
}

/**
 * The stream categories the suite writes, named at random per run: the store's role must be
 * granted exactly these (append and read), and `notGranted` must not be granted.
 */
export interface ContractCategories {
  granted: readonly string[];
  notGranted: string;
}

const randomCategory = (purpose: string) =>
  `${purpose}${Math.random()
    .toString(36)
    .slice(2, 10)
    .replace(/[^a-z0-9]/g, '')}`;

function suiteCategories() {
  const named = {
    main: randomCategory('main'),
    client: randomCategory('client'),
    assessment: randomCategory('assessment'),
    complaint: randomCategory('complaint'),
    cat: randomCategory('cat'),
    other: randomCategory('other'),
    sub: randomCategory('sub'),
  };
  return { named, granted: Object.values(named), notGranted: randomCategory('forbidden') };
}

function isSubject(value: EventStore<unknown> | ContractSubject): value is ContractSubject {
  return 'store' in value && typeof (value as ContractSubject).store?.appendToStream === 'function';
}

/** Resolves to the error a promise rejects with; fails when it resolves. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection, but it resolved');
}

function strictlyIncreasing(positions: Position[]): boolean {
  return positions.every(
    (position, index) => index === 0 || position.isAfter(positions[index - 1]),
  );
}

/**
 * The behaviour every EventStore adapter must show. Call it from the adapter's spec:
 *
 *   runEventStoreContractTests('PostgreSQL', async () => ({ store, dispose }));
 *
 * `makeStore` runs once (beforeAll); tests use fresh stream ids, categories and types, so the
 * store may hold other data. The store must keep the default event size limit.
 */
export function runEventStoreContractTests(
  name: string,
  makeStore: (categories: ContractCategories) => Promise<EventStore<unknown> | ContractSubject>,
  features: ContractFeatures = {},
): void {
  describe(`event store contract: ${name}`, () => {
    const categories = suiteCategories();
    let subject: ContractSubject;
    let store: EventStore<unknown>;

    beforeAll(async () => {
      const made = await makeStore({
        granted: categories.granted,
        notGranted: categories.notGranted,
      });
      subject = isSubject(made) ? made : { store: made };
      store = subject.store;
    }, 120_000);

    afterAll(async () => {
      await store?.close();
      await subject?.dispose?.();
    }, 60_000);

    const freshStream = (category = categories.named.main) => streamIdOf(category, unique('s'));

    async function expectNothingWritten(streamId: string): Promise<void> {
      expect(await store.readStream(streamId)).toEqual([]);
    }

    describe('appending and reading a stream', () => {
      it('reads every envelope field back exactly as written, with revisions, positions and the hash chain', async () => {
        const streamId = freshStream();
        const caseId = unique('case');
        const first = newEvent({
          caseId,
          subjectIds: ['client-9', 'reporter-2'],
          serviceStandard: { code: 'SOP-BANTEN-ANAK', version: '2024.1' },
          occurredAt: '2024-05-01T08:30:00.123456+07:00',
          causationId: null,
          payload: {
            reporter: { name: 'Ibu Siti Nurhaliza', phone: '+62 812-0000-0000' },
            notes:
              'Anak ditemukan di terminal Pakupatan — "tanpa identitas" 🚌\nbaris dua\r\n\t\\ selesai',
            'multi\nline key': 'a\u2028b',
            count: 3,
            ratio: 0.1,
            large: 1e21,
            nested: [{ b: 2, a: 1 }, [], {}, null, true],
          },
        });
        const second = newEvent({ type: 'ClientRegistered', caseId, causationId: first.eventId });
        const result = await store.appendToStream(streamId, [first, second], {
          expectedRevision: 'noStream',
        });

        expect(result.nextExpectedRevision).toBe(1);
        expect(result.alreadyStored).toBe(false);
        expect(result.events.map((e) => e.eventId)).toEqual([first.eventId, second.eventId]);
        expect(result.position.equals(result.events[1].position)).toBe(true);

        const events = await store.readStream(streamId);
        expect(events).toHaveLength(2);
        expect(writtenFields(events[0])).toEqual(first);
        expect(writtenFields(events[1])).toEqual(second);
        expect(events.map((e) => e.streamId)).toEqual([streamId, streamId]);
        expect(events.map((e) => e.streamRevision)).toEqual([0, 1]);
        expect(events.map((e) => e.position.toString())).toEqual(
          result.events.map((e) => e.position.toString()),
        );
        expect(strictlyIncreasing(events.map((e) => e.position))).toBe(true);
        expect(Number.isFinite(Date.parse(events[0].recordedAt))).toBe(true);
        expect(events[0].prevHash).toBe(GENESIS_HASH);
        expect(events[1].prevHash).toBe(events[0].hash);
        expect(events.map((e) => e.hash)).toEqual(result.events.map((e) => e.hash));
      });

      it('hashes each event as documented: SHA-256(prevHash ‖ canonical JSON of the hashed fields)', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, newEvents(3, { caseId: unique('case') }), {
          expectedRevision: 'any',
        });
        for (const event of await store.readStream(streamId)) {
          const hashed: Record<string, unknown> = {};
          for (const field of HASHED_FIELDS) {
            if (event[field] !== undefined) hashed[field] = event[field];
          }
          expect(chainHash(event.prevHash, canonicalize(hashed) as string)).toBe(event.hash);
        }
      });

      it('leaves caseId and serviceStandard out when an event has none', async () => {
        const streamId = freshStream(categories.named.complaint);
        await store.appendToStream(streamId, [newEvent({ type: 'ComplaintReceived' })], {
          expectedRevision: 'noStream',
        });
        const [event] = await store.readStream(streamId);
        expect('caseId' in event).toBe(false);
        expect('serviceStandard' in event).toBe(false);
        expect(event.causationId).toBeNull();
      });

      it('reads forwards and backwards from a revision, up to maxCount', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, newEvents(5), { expectedRevision: 'noStream' });
        const revisions = (events: RecordedEvent[]) => events.map((e) => e.streamRevision);
        expect(revisions(await store.readStream(streamId))).toEqual([0, 1, 2, 3, 4]);
        expect(revisions(await store.readStream(streamId, { from: 2, maxCount: 2 }))).toEqual([
          2, 3,
        ]);
        expect(
          revisions(await store.readStream(streamId, { direction: 'backwards', maxCount: 2 })),
        ).toEqual([4, 3]);
        expect(
          revisions(await store.readStream(streamId, { direction: 'backwards', from: 1 })),
        ).toEqual([1, 0]);
        expect(
          revisions(
            await store.readStream(streamId, { from: 'end', direction: 'backwards', maxCount: 1 }),
          ),
        ).toEqual([4]);
        expect(await store.readStream(streamId, { from: 5 })).toEqual([]);
        expect(await store.readStream(freshStream())).toEqual([]);
      });

      it('refuses read options it does not know', async () => {
        const streamId = freshStream();
        for (const options of [
          { maxCount: 0 },
          { maxCount: 1.5 },
          { from: -1 },
          { direction: 'sideways' },
        ] as const) {
          expect(await rejection(store.readStream(streamId, options as never))).toBeInstanceOf(
            InvalidReadOptions,
          );
        }
        expect(await rejection(store.readAll({ maxCount: -1 }))).toBeInstanceOf(InvalidReadOptions);
        expect(await rejection(store.readCase(''))).toBeInstanceOf(InvalidReadOptions);
      });
    });

    describe('expected revision', () => {
      it('noStream: refuses an existing stream, naming its revision', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, newEvents(2), { expectedRevision: 'noStream' });
        const error = await rejection(
          store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' }),
        );
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(error).toMatchObject({ streamId, expectedRevision: 'noStream', actualRevision: 1 });
        expect(await store.readStream(streamId)).toHaveLength(2);
      });

      it('streamExists: refuses a missing stream, accepts an existing one', async () => {
        const streamId = freshStream();
        const error = await rejection(
          store.appendToStream(streamId, [newEvent()], { expectedRevision: 'streamExists' }),
        );
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(error).toMatchObject({ actualRevision: 'noStream' });
        await expectNothingWritten(streamId);
        await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'any' });
        const result = await store.appendToStream(streamId, [newEvent()], {
          expectedRevision: 'streamExists',
        });
        expect(result.nextExpectedRevision).toBe(1);
      });

      it('a revision: appends only when it is the last event', async () => {
        const streamId = freshStream();
        expect(
          await rejection(store.appendToStream(streamId, [newEvent()], { expectedRevision: 0 })),
        ).toMatchObject({
          actualRevision: 'noStream',
        });
        let result = await store.appendToStream(streamId, newEvents(3), {
          expectedRevision: 'noStream',
        });
        expect(result.nextExpectedRevision).toBe(2);
        const stale = await rejection(
          store.appendToStream(streamId, [newEvent()], { expectedRevision: 1 }),
        );
        expect(stale).toBeInstanceOf(WrongExpectedVersion);
        expect(stale).toMatchObject({ expectedRevision: 1, actualRevision: 2 });
        result = await store.appendToStream(streamId, [newEvent()], {
          expectedRevision: result.nextExpectedRevision,
        });
        expect(result.nextExpectedRevision).toBe(3);
      });

      it('any: appends at the end whatever the revision', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'any' });
        const result = await store.appendToStream(streamId, newEvents(2), {
          expectedRevision: 'any',
        });
        expect(result.events.map((e) => e.streamRevision)).toEqual([1, 2]);
      });

      it('refuses forms it does not know, writing nothing', async () => {
        const streamId = freshStream();
        for (const expectedRevision of [
          -1,
          1.5,
          Number.NaN,
          Infinity,
          2 ** 53,
          '3',
          'latest',
          null,
          undefined,
          {},
          3n,
        ]) {
          const error = await rejection(
            store.appendToStream(streamId, [newEvent()], {
              expectedRevision: expectedRevision as ExpectedRevision,
            }),
          );
          expect(error).toBeInstanceOf(InvalidExpectedRevision);
        }
        expect(
          await rejection(
            store.appendToStream(
              streamId,
              [newEvent()],
              undefined as unknown as { expectedRevision: 'any' },
            ),
          ),
        ).toBeInstanceOf(InvalidExpectedRevision);
        await expectNothingWritten(streamId);
      });
    });

    describe('idempotent appends', () => {
      it('a retry of a stored append is a no-op that returns the original positions', async () => {
        const streamId = freshStream();
        const batch = newEvents(3);
        const original = await store.appendToStream(streamId, batch, {
          expectedRevision: 'noStream',
        });
        const retry = await store.appendToStream(streamId, batch, { expectedRevision: 'noStream' });
        expect(retry.alreadyStored).toBe(true);
        expect(retry.nextExpectedRevision).toBe(original.nextExpectedRevision);
        expect(retry.events.map((e) => e.position.toString())).toEqual(
          original.events.map((e) => e.position.toString()),
        );
        expect(retry.events.map((e) => e.hash)).toEqual(original.events.map((e) => e.hash));
        expect(await store.readStream(streamId)).toHaveLength(3);
      });

      it('stays a no-op after the stream moved on, and with any', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' });
        const reaction = [newEvent({ type: 'AssessmentStarted' })];
        const original = await store.appendToStream(streamId, reaction, { expectedRevision: 0 });
        await store.appendToStream(streamId, newEvents(2), { expectedRevision: 1 });
        const retry = await store.appendToStream(streamId, reaction, { expectedRevision: 0 });
        expect(retry).toMatchObject({ alreadyStored: true, nextExpectedRevision: 1 });
        expect(retry.position.equals(original.position)).toBe(true);
        const again = await store.appendToStream(streamId, reaction, { expectedRevision: 'any' });
        expect(again.alreadyStored).toBe(true);
        expect(await store.readStream(streamId)).toHaveLength(4);
      });

      it('refuses an event id stored at another place of the stream, writing nothing', async () => {
        const streamId = freshStream();
        const event = newEvent();
        await store.appendToStream(streamId, [event], { expectedRevision: 'noStream' });
        const laterPlace = await rejection(
          store.appendToStream(streamId, [event], { expectedRevision: 0 }),
        );
        expect(laterPlace).toBeInstanceOf(EventIdConflict);
        expect(laterPlace).toMatchObject({ eventId: event.eventId, streamId });
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('refuses a batch of which only part is stored, writing none of it', async () => {
        const streamId = freshStream();
        const stored = newEvent();
        await store.appendToStream(streamId, [stored], { expectedRevision: 'noStream' });
        const error = await rejection(
          store.appendToStream(streamId, [stored, newEvent()], { expectedRevision: 'noStream' }),
        );
        expect(error).toBeInstanceOf(EventIdConflict);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('refuses the same event id twice in one batch', async () => {
        const streamId = freshStream();
        const event = newEvent();
        expect(
          await rejection(
            store.appendToStream(streamId, [event, { ...event }], { expectedRevision: 'any' }),
          ),
        ).toBeInstanceOf(InvalidEvent);
        await expectNothingWritten(streamId);
      });
    });

    describe('bad input: a typed error, and nothing written', () => {
      it('refuses empty and malformed stream ids', async () => {
        for (const streamId of [
          '',
          'intakeCase',
          '-1',
          'intakeCase-',
          ' intakeCase-1',
          'intake case-1',
          'in$take-1',
          'intakeCase-a b',
          `x-${'a'.repeat(300)}`,
          42,
          null,
        ]) {
          const error = await rejection(
            store.appendToStream(streamId as string, [newEvent()], { expectedRevision: 'any' }),
          );
          expect(error).toBeInstanceOf(InvalidStreamId);
        }
        expect(await rejection(store.readStream('nohyphen'))).toBeInstanceOf(InvalidStreamId);
      });

      it('refuses a category with a hyphen, where a category is named on its own', async () => {
        expect(() => streamIdOf('intake-case', '1')).toThrow(InvalidStreamId);
        expect(() => streamIdOf('', '1')).toThrow(InvalidStreamId);
        expect(
          await rejection(store.readAll({ filter: { categories: ['intake-case'] } })),
        ).toBeInstanceOf(InvalidStreamId);
        expect(() => store.subscribeToAll({ filter: { categories: ['client-x'] } })).toThrow(
          InvalidStreamId,
        );
      });

      it('refuses an event over the size limit (default 256 KiB), and the whole batch with it', async () => {
        const streamId = freshStream();
        const big = newEvent({ payload: { scan: 'x'.repeat(DEFAULT_MAX_EVENT_BYTES) } });
        const error = await rejection(
          store.appendToStream(streamId, [newEvent(), big], { expectedRevision: 'any' }),
        );
        expect(error).toBeInstanceOf(EventTooLarge);
        expect(error).toMatchObject({ eventId: big.eventId, maxBytes: DEFAULT_MAX_EVENT_BYTES });
        expect((error as EventTooLarge).sizeBytes).toBeGreaterThan(DEFAULT_MAX_EVENT_BYTES);
        await expectNothingWritten(streamId);
        const justBelow = newEvent({
          payload: { scan: 'x'.repeat(DEFAULT_MAX_EVENT_BYTES - 2048) },
        });
        await store.appendToStream(streamId, [justBelow], { expectedRevision: 'noStream' });
        expect((await store.readStream(streamId))[0].payload).toEqual(justBelow.payload);
      });

      it('refuses payloads that are not plain JSON or would not read back exactly', async () => {
        class Money {
          constructor(readonly amount: number) {}
        }
        const holey: unknown[] = [1, 2, 3];
        delete holey[1];
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        const payloads: unknown[] = [
          { amount: Number.NaN },
          { amount: Infinity },
          { amount: -Infinity },
          { missing: undefined },
          { list: [1, undefined] },
          { list: holey },
          { when: new Date('2024-05-01T00:00:00Z') },
          { big: 10n },
          { fn: () => 1 },
          { sym: Symbol('x') },
          { map: new Map([['a', 1]]) },
          { money: new Money(5) },
          cyclic,
          { name: 'Siti\u0000' },
          { ['key\u0000']: 1 },
          { broken: '\ud800' },
          { [Symbol('hidden')]: 1 },
        ];
        const streamId = freshStream();
        for (const payload of payloads) {
          const error = await rejection(
            store.appendToStream(streamId, [newEvent({ payload: payload as JsonObject })], {
              expectedRevision: 'any',
            }),
          );
          expect(error).toBeInstanceOf(EventNotSerialisable);
        }
        const envelopeNul = newEvent({ actor: { id: 'user\u0000', role: 'r', officeCode: '36' } });
        expect(
          await rejection(
            store.appendToStream(streamId, [envelopeNul], { expectedRevision: 'any' }),
          ),
        ).toBeInstanceOf(EventNotSerialisable);
        await expectNothingWritten(streamId);
      });

      it('refuses malformed envelopes and empty batches', async () => {
        const streamId = freshStream();
        const valid = newEvent();
        const malformed: Array<Record<string, unknown>> = [
          { ...valid, eventId: 'not-a-uuid' },
          { ...valid, eventId: undefined },
          { ...valid, type: '' },
          { ...valid, schemaVersion: 0 },
          { ...valid, schemaVersion: '1' },
          { ...valid, caseId: '' },
          { ...valid, caseId: null },
          { ...valid, subjectIds: 'client-1' },
          { ...valid, officeCode: 'Banten' },
          { ...valid, occurredAt: 'yesterday' },
          { ...valid, occurredAt: '2024-05-01T08:30:00' },
          { ...valid, actor: { id: 'u', role: 'r' } },
          { ...valid, actor: { id: 'u', role: 'r', officeCode: '36', name: 'extra' } },
          { ...valid, correlationId: '' },
          { ...valid, causationId: undefined },
          { ...valid, serviceStandard: { code: 'SOP' } },
          { ...valid, payload: [1, 2] },
          { ...valid, payload: null },
          { ...valid, streamRevision: 4 },
        ];
        for (const event of malformed) {
          const error = await rejection(
            store.appendToStream(streamId, [newEvent(), event as unknown as NewEvent], {
              expectedRevision: 'any',
            }),
          );
          expect(error).toBeInstanceOf(InvalidEvent);
        }
        expect(
          await rejection(store.appendToStream(streamId, [], { expectedRevision: 'any' })),
        ).toBeInstanceOf(InvalidEvent);
        await expectNothingWritten(streamId);
      });
    });

    describe('reading all events', () => {
      it('returns events after a position in global order, filtered by category or type, page by page', async () => {
        const category = categories.named.cat;
        const type = unique('Type');
        const before = await store.appendToStream(freshStream(category), [newEvent()], {
          expectedRevision: 'noStream',
        });
        const a = freshStream(category);
        const b = freshStream(category);
        const other = freshStream(categories.named.other);
        await store.appendToStream(a, newEvents(2), { expectedRevision: 'noStream' });
        await store.appendToStream(other, [newEvent({ type })], { expectedRevision: 'noStream' });
        await store.appendToStream(b, [newEvent({ type })], { expectedRevision: 'noStream' });
        await store.appendToStream(a, [newEvent()], { expectedRevision: 1 });

        const byCategory = await eventually(
          () => store.readAll({ from: before.position, filter: { categories: [category] } }),
          (events) => events.length >= 4,
        );
        expect(byCategory.map((e) => [e.streamId, e.streamRevision])).toEqual([
          [a, 0],
          [a, 1],
          [b, 0],
          [a, 2],
        ]);
        expect(strictlyIncreasing(byCategory.map((e) => e.position))).toBe(true);
        expect(byCategory.every((e) => e.position.isAfter(before.position))).toBe(true);

        const byType = await store.readAll({ from: before.position, filter: { types: [type] } });
        expect(byType.map((e) => e.streamId)).toEqual([other, b]);

        const paged: RecordedEvent[] = [];
        let from = before.position;
        for (;;) {
          const page = await store.readAll({
            from,
            filter: { categories: [category] },
            maxCount: 3,
          });
          if (!page.length) break;
          paged.push(...page);
          from = page[page.length - 1].position;
        }
        expect(paged.map((e) => e.eventId)).toEqual(byCategory.map((e) => e.eventId));

        const everything = await store.readAll({ from: before.position, maxCount: 10_000 });
        expect(everything.filter((e) => [a, b, other].includes(e.streamId))).toHaveLength(5);
      });

      it('refuses a filter that names both or nothing', async () => {
        for (const filter of [
          { categories: [], types: [] },
          { categories: ['a'], types: ['B'] },
          {},
          { types: [] },
        ]) {
          expect(await rejection(store.readAll({ filter: filter as never }))).toBeInstanceOf(
            InvalidReadOptions,
          );
        }
      });
    });

    describe('reading a case', () => {
      it('returns every event whose caseId is the case, from any stream, in global order', async () => {
        const caseId = unique('case');
        const clientStream = freshStream(categories.named.client);
        const expected: string[] = [];
        const append = async (streamId: string, event: NewEvent) => {
          await store.appendToStream(streamId, [event], { expectedRevision: 'any' });
          if (event.caseId === caseId) expected.push(event.eventId);
        };
        await append(
          freshStream(categories.named.main),
          newEvent({ caseId, type: 'ReportReceived' }),
        );
        await append(
          clientStream,
          newEvent({ caseId: unique('otherCase'), type: 'ClientRegistered' }),
        );
        await append(clientStream, newEvent({ caseId, type: 'ClientRegistered' }));
        await append(
          streamIdOf(categories.named.assessment, caseId),
          newEvent({ caseId, type: 'AssessmentStarted' }),
        );
        await append(
          freshStream(categories.named.complaint),
          newEvent({ type: 'ComplaintReceived' }),
        );
        await append(
          freshStream(categories.named.complaint),
          newEvent({ caseId, type: 'ComplaintReceived' }),
        );
        await append(
          streamIdOf(categories.named.main, caseId),
          newEvent({ caseId, type: 'CaseOpened' }),
        );

        const events = await store.readCase(caseId);
        expect(events.map((e) => e.eventId)).toEqual(expected);
        expect(events.every((e) => e.caseId === caseId)).toBe(true);
        expect(strictlyIncreasing(events.map((e) => e.position))).toBe(true);
        expect(await store.readCase(unique('noSuchCase'))).toEqual([]);
      });
    });

    describe('subscribing to all events', () => {
      it('delivers events appended while it runs, in order, and resumes exactly after a stored checkpoint', async () => {
        const category = categories.named.sub;
        const start = await store.appendToStream(freshStream(category), [newEvent()], {
          expectedRevision: 'noStream',
        });
        const streams = [freshStream(category), freshStream(category)];
        const subscription = store.subscribeToAll({
          from: start.position,
          filter: { categories: [category] },
        });
        const firstThree = take(subscription, 3);
        const appended: string[] = [];
        for (let round = 0; round < 3; round++) {
          for (const streamId of streams) {
            const events = newEvents(round + 1);
            await store.appendToStream(streamId, events, { expectedRevision: 'any' });
            appended.push(...events.map((e) => e.eventId));
          }
        }
        const received = await firstThree;
        expect(received.map((e) => e.eventId)).toEqual(appended.slice(0, 3));

        const checkpoint = received[2].position.toString();
        const rest = await take(
          store.subscribeToAll({
            from: Position.parse(checkpoint),
            filter: { categories: [category] },
          }),
          appended.length - 3,
        );
        expect(rest.map((e) => e.eventId)).toEqual(appended.slice(3));
        expect(strictlyIncreasing([...received, ...rest].map((e) => e.position))).toBe(true);
      });

      it("from 'end' delivers only what is appended afterwards; filters by type", async () => {
        const type = unique('Sub');
        await store.appendToStream(freshStream(), [newEvent({ type })], {
          expectedRevision: 'noStream',
        });
        await eventually(
          () => store.readAll({ filter: { types: [type] } }),
          (events) => events.length === 1,
        );
        const subscription = store.subscribeToAll({ from: 'end', filter: { types: [type] } });
        let received: RecordedEvent[] | undefined;
        const next = take(subscription, 1).then((events) => (received = events));
        // Until the subscription has found the end, an event appended now may count as before it.
        const appendedAfterwards: string[] = [];
        while (!received) {
          const event = newEvent({ type });
          appendedAfterwards.push(event.eventId);
          await store.appendToStream(freshStream(), [event, newEvent()], {
            expectedRevision: 'noStream',
          });
          await Promise.race([next, new Promise((resolve) => setTimeout(resolve, 100))]);
        }
        expect(appendedAfterwards).toContain(received[0].eventId);
      });

      it('ends a waiting iteration on close() and on its abort signal', async () => {
        const subscription = store.subscribeToAll({
          from: 'end',
          filter: { categories: [unique('quiet')] },
        });
        const iteration = subscription.next();
        await new Promise((resolve) => setTimeout(resolve, 100));
        await subscription.close();
        await expect(iteration).resolves.toMatchObject({ done: true });

        const abort = new AbortController();
        const aborted = store.subscribeToAll({
          from: 'end',
          filter: { categories: [unique('quiet')] },
          signal: abort.signal,
        });
        const waiting = aborted.next();
        abort.abort();
        await expect(waiting).resolves.toMatchObject({ done: true });
      });
    });

    describe('concurrent writers', () => {
      it('racing on one stream with expected revisions: exactly one wins each revision, nothing lost or duplicated', async () => {
        const streamId = freshStream();
        const writers = 8;
        const attemptsPerWriter = 6;
        type Attempt = {
          expected: number | 'noStream';
          eventId: string;
          won: boolean;
          actual?: number | 'noStream';
        };
        const attempts: Attempt[] = [];
        await Promise.all(
          Array.from({ length: writers }, async () => {
            for (let i = 0; i < attemptsPerWriter; i++) {
              const [head] = await store.readStream(streamId, {
                direction: 'backwards',
                maxCount: 1,
              });
              const expected: number | 'noStream' = head ? head.streamRevision : 'noStream';
              const event = newEvent();
              try {
                await store.appendToStream(streamId, [event], { expectedRevision: expected });
                attempts.push({ expected, eventId: event.eventId, won: true });
              } catch (error) {
                if (!(error instanceof WrongExpectedVersion)) throw error;
                attempts.push({
                  expected,
                  eventId: event.eventId,
                  won: false,
                  actual: error.actualRevision,
                });
              }
            }
          }),
        );
        const stored = await store.readStream(streamId);
        const winners = attempts.filter((a) => a.won);
        expect(attempts).toHaveLength(writers * attemptsPerWriter);
        expect(stored.map((e) => e.streamRevision)).toEqual(stored.map((_, index) => index));
        expect(new Set(stored.map((e) => e.eventId))).toEqual(
          new Set(winners.map((a) => a.eventId)),
        );
        expect(stored).toHaveLength(winners.length);
        for (const event of stored) {
          const expected = event.streamRevision === 0 ? 'noStream' : event.streamRevision - 1;
          expect(winners.filter((a) => a.expected === expected)).toHaveLength(1);
        }
        for (const loser of attempts.filter((a) => !a.won)) {
          expect(loser.actual).not.toBe('noStream');
          expect(loser.actual).not.toBe(loser.expected);
        }
      });

      it('racing to create a stream with noStream: exactly one wins', async () => {
        const streamId = freshStream();
        const results = await Promise.allSettled(
          Array.from({ length: 6 }, () =>
            store.appendToStream(streamId, [newEvent()], { expectedRevision: 'noStream' }),
          ),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const result of results) {
          if (result.status === 'rejected')
            expect(result.reason).toBeInstanceOf(WrongExpectedVersion);
        }
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it("appending with 'any' from many writers at once keeps every event, revisions without gaps", async () => {
        const streamId = freshStream();
        const batches = Array.from({ length: 12 }, (_, i) => newEvents((i % 3) + 1));
        await Promise.all(
          batches.map((batch) =>
            store.appendToStream(streamId, batch, { expectedRevision: 'any' }),
          ),
        );
        const stored = await store.readStream(streamId);
        expect(stored.map((e) => e.streamRevision)).toEqual(stored.map((_, index) => index));
        expect(stored.map((e) => e.eventId).sort()).toEqual(
          batches
            .flat()
            .map((e) => e.eventId)
            .sort(),
        );
        for (const batch of batches) {
          const revisions = batch.map(
            (event) => stored.find((e) => e.eventId === event.eventId)!.streamRevision,
          );
          expect(revisions).toEqual(revisions.map((_, i) => revisions[0] + i));
        }
      });
    });

    describe('positions and permanence', () => {
      it('serialises positions to strings that parse back and sort like the positions', async () => {
        const streamId = freshStream();
        await store.appendToStream(streamId, newEvents(4), { expectedRevision: 'noStream' });
        const positions = (await store.readStream(streamId)).map((e) => e.position);
        for (const position of positions)
          expect(Position.parse(position.toString()).equals(position)).toBe(true);
        const strings = positions.map(String);
        expect([...strings].sort()).toEqual(strings);
        expect(JSON.parse(JSON.stringify({ position: positions[0] }))).toEqual({
          position: strings[0],
        });
      });

      it('offers no way to delete, soft-delete or truncate history', () => {
        for (const method of [
          'deleteStream',
          'delete',
          'softDelete',
          'tombstone',
          'truncate',
          'truncateStream',
          'setStreamMetadata',
        ]) {
          expect((store as unknown as Record<string, unknown>)[method]).toBeUndefined();
        }
      });
    });

    (features.guardsCategories ? describe : describe.skip)(
      'category access (PostgreSQL only)',
      () => {
        it('refuses an append to a category the role was not granted, writing nothing', async () => {
          const streamId = streamIdOf(categories.notGranted, unique('s'));
          const error = await rejection(
            store.appendToStream(streamId, [newEvent()], { expectedRevision: 'any' }),
          );
          expect(error).toBeInstanceOf(CategoryAccessDenied);
          expect(error).toMatchObject({ operation: 'append', category: categories.notGranted });
          const all = await store.readAll({ maxCount: 10_000 });
          expect(all.filter((e) => e.streamId === streamId)).toEqual([]);
        });

        it('refuses to read a stream or a category the role was not granted', async () => {
          const streamId = streamIdOf(categories.notGranted, unique('s'));
          expect(await rejection(store.readStream(streamId))).toBeInstanceOf(CategoryAccessDenied);
          expect(
            await rejection(store.readAll({ filter: { categories: [categories.notGranted] } })),
          ).toMatchObject({ operation: 'read', category: categories.notGranted });
        });
      },
    );
  });
}
