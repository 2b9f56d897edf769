import type { ReceivedEvent } from '@dinsos/contracts';
import { PostgresEventStore, migrate } from '@dinsos/event-store';
import type { InboundEvent } from '@dinsos/messaging';
import { createTestDatabase, testRoles, type TestDatabase } from '@dinsos/testing';
import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import type { Decider } from '../commands/decider';
import { reactionEventId } from '../idempotency/idempotency-scope';
import { reactionHandler, type Reaction } from './reaction-handler';

type NoteEvent = { type: 'NoteAdded'; payload: { text: string } };
type NoteCommand = { text: string };
const notes: Decider<NoteCommand, { count: number }, NoteEvent> = {
  initialState: () => ({ count: 0 }),
  decide: (command) => [{ type: 'NoteAdded', payload: { text: command.text } }],
  evolve: (state) => ({ count: state.count + 1 }),
  schemaVersions: { NoteAdded: 1 },
};

function caseOpened(caseId: string): InboundEvent {
  const received = {
    eventId: randomUUID(),
    type: 'CaseOpened',
    caseId,
    officeCode: '3603',
    correlationId: randomUUID(),
    occurredAt: '2026-11-20T03:00:00.000Z',
  } as ReceivedEvent;
  return {
    eventId: received.eventId,
    type: 'CaseOpened',
    schemaVersion: 1,
    caseKey: caseId,
    payload: {},
    topic: 'dinsos.intake.events.v1',
    received,
  };
}

describe('a reaction handler (Kafka event → own command) against the real store', () => {
  let database: TestDatabase;
  let pool: Pool;
  let store: PostgresEventStore;

  /** What the EventConsumer does: prepare outside, apply inside one transaction, commit. */
  async function deliver(
    handler: ReturnType<typeof reactionHandler<NoteCommand, { count: number }, NoteEvent, unknown>>,
    event: InboundEvent,
  ) {
    const prepared = await handler.prepare!(event);
    const client = await pool.connect();
    try {
      await client.query('begin');
      await handler.apply(event, prepared, client);
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    } finally {
      client.release();
    }
  }

  const reactionOn = (
    decider: Decider<NoteCommand, { count: number }, NoteEvent> = notes,
    onPrepare?: () => void,
  ) => {
    const reaction: Reaction<NoteCommand, { count: number }, NoteEvent, string> = {
      name: 'add-welcome-note',
      decider,
      async prepare(event) {
        onPrepare?.();
        return `welcome to ${event.caseId}`;
      },
      toCommand: (event, text) => ({
        streamId: `note-${event.caseId}`,
        command: { text },
        officeCode: event.officeCode,
        caseId: event.caseId,
      }),
    };
    return reactionHandler(reaction, { store, service: 'example' });
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    pool = new Pool({ connectionString: database.appUrl, max: 4 });
    store = new PostgresEventStore(pool);
  });

  afterAll(async () => {
    await store?.close();
    await pool?.end();
    await database?.drop();
  });

  it('does the slow work in prepare and appends with ids from (causation event, handler), causation and correlation set', async () => {
    let prepares = 0;
    const event = caseOpened('case-1');
    await deliver(
      reactionOn(notes, () => (prepares += 1)),
      event,
    );
    const [note] = await store.readStream('note-case-1');
    expect(prepares).toBe(1);
    expect(note).toMatchObject({
      eventId: reactionEventId('example', event.eventId, 'add-welcome-note', 0),
      causationId: event.eventId,
      correlationId: event.received!.correlationId,
      actor: { id: 'service:example', role: 'service', officeCode: '3603' },
      payload: { text: 'welcome to case-1' },
    });
  });

  it('appends nothing new when the same event is handled again, even after the stream moved on', async () => {
    const event = caseOpened('case-2');
    const handler = reactionOn();
    await deliver(handler, event);
    await deliver(handler, event);
    expect(await store.readStream('note-case-2')).toHaveLength(1);
    await store.appendToStream(
      'note-case-2',
      [
        {
          eventId: randomUUID(),
          type: 'NoteAdded',
          schemaVersion: 1,
          caseId: 'case-2',
          subjectIds: [],
          officeCode: '3603',
          occurredAt: '2026-11-21T03:00:00.000Z',
          actor: { id: 'siti', role: 'social-worker', officeCode: '3603' },
          correlationId: randomUUID(),
          causationId: null,
          payload: { text: 'by an officer' },
        },
      ],
      { expectedRevision: 0 },
    );
    await deliver(handler, event);
    expect((await store.readStream('note-case-2')).map((e) => e.payload.text)).toEqual([
      'welcome to case-2',
      'by an officer',
    ]);
  });

  it('decides again on the new state when another writer appended between its read and its append', async () => {
    let reads = 0;
    // The real store, with another writer committing right after this reaction's first read.
    const racingStore = Object.create(store) as PostgresEventStore;
    racingStore.readStream = async (streamId, options) => {
      const seen = await store.readStream(streamId, options);
      reads += 1;
      if (reads === 1) {
        await store.appendToStream(
          streamId,
          [
            {
              eventId: randomUUID(),
              type: 'NoteAdded',
              schemaVersion: 1,
              caseId: 'case-3',
              subjectIds: [],
              officeCode: '3603',
              occurredAt: '2026-11-21T03:00:00.000Z',
              actor: { id: 'siti', role: 'social-worker', officeCode: '3603' },
              correlationId: randomUUID(),
              causationId: null,
              payload: { text: 'concurrent' },
            },
          ],
          { expectedRevision: 'noStream' },
        );
      }
      return seen;
    };
    const handler = reactionHandler(
      {
        name: 'add-welcome-note',
        decider: notes,
        toCommand: (event) => ({
          streamId: `note-${event.caseId}`,
          command: { text: 'welcome' },
          officeCode: '3603',
          caseId: event.caseId,
        }),
      },
      { store: racingStore, service: 'example' },
    );
    await deliver(handler, caseOpened('case-3'));
    expect(reads).toBe(2);
    expect((await store.readStream('note-case-3')).map((e) => e.payload.text)).toEqual([
      'concurrent',
      'welcome',
    ]);
  });

  it('lets two services react to the same event with reactions of the same name, each once', async () => {
    // One store for the whole system: event ids are unique across every service's streams.
    const event = caseOpened('case-4');
    const sameNameIn = (service: string, category: string) =>
      reactionHandler(
        {
          name: 'start-on-case-opened',
          decider: notes,
          toCommand: (received) => ({
            streamId: `${category}-${received.caseId}`,
            command: { text: `${service} starts` },
            officeCode: received.officeCode,
            caseId: received.caseId,
          }),
        },
        { store, service },
      );
    const assessment = sameNameIn('assessment', 'assessmentNote');
    const placement = sameNameIn('placement', 'placementNote');
    await deliver(assessment, event);
    await deliver(placement, event);
    await deliver(assessment, event);
    const [assessed] = await store.readStream('assessmentNote-case-4');
    const [placed] = await store.readStream('placementNote-case-4');
    expect(await store.readStream('assessmentNote-case-4')).toHaveLength(1);
    expect(await store.readStream('placementNote-case-4')).toHaveLength(1);
    expect(assessed.eventId).toBe(
      reactionEventId('assessment', event.eventId, 'start-on-case-opened', 0),
    );
    expect(placed.eventId).toBe(
      reactionEventId('placement', event.eventId, 'start-on-case-opened', 0),
    );
    expect(assessed.eventId).not.toBe(placed.eventId);
  });
});
