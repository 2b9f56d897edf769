import { randomUUID } from 'node:crypto';
import { streamCategories } from '@dinsos/contracts';
import {
  Position,
  type EventStore,
  type ReadAllOptions,
  type RecordedEvent,
} from '@dinsos/event-store';
import { fakeDecryptor, sealed, testKey, testPseudonymiser } from '../testing/fake-fields';
import { createAnalyticsRelay } from './analytics-relay';
import { analyticsSourceFromStore } from './analytics-source';

function recorded(n: number, overrides: Partial<RecordedEvent> = {}): RecordedEvent {
  const clientId = randomUUID();
  return {
    eventId: randomUUID(),
    type: 'RehabilitationNoteRecorded',
    schemaVersion: 1,
    streamId: 'assessment-3603-2026-000001',
    streamRevision: n,
    position: Position.of(100n + BigInt(n), BigInt(n)),
    caseId: '3603-2026-000001',
    subjectIds: [clientId],
    officeCode: '3603',
    occurredAt: '2026-03-04T02:00:00Z',
    recordedAt: '2026-03-04T02:00:01Z',
    actor: { id: 'peksos-1', role: 'social-worker', officeCode: '3603' },
    correlationId: randomUUID(),
    causationId: null,
    payload: {
      clientId,
      day: '2026-03-04',
      services: ['meals'],
      note: sealed(clientId, 'menolak makan malam') as never,
    },
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    ...overrides,
  };
}

/** The store port as the source uses it: one page of readAll. */
function storeOf(events: RecordedEvent[], calls: ReadAllOptions[]): EventStore<unknown> {
  return {
    readAll: async (options: ReadAllOptions = {}) => {
      calls.push(options);
      const from = options.from ?? Position.start;
      return events.filter((e) => e.position.isAfter(from)).slice(0, options.maxCount);
    },
  } as EventStore<unknown>;
}

describe('the analytics relay source', () => {
  const events = [
    recorded(0),
    recorded(1),
    recorded(2, { caseId: undefined, streamId: 'complaint-c-1' }),
  ];
  const options = {
    pseudonymiser: testPseudonymiser,
    decrypt: fakeDecryptor(),
    topicPrefix: 't1.',
  };

  it("reads the contracts' categories in global order after the relay's position", async () => {
    const calls: ReadAllOptions[] = [];
    const source = analyticsSourceFromStore(storeOf(events, calls), options);
    const first = await source(undefined, 2);
    const rest = await source(first[1].position, 2);
    expect(first.map((item) => item.position)).toEqual(
      events.slice(0, 2).map((e) => e.position.toString()),
    );
    expect(rest.map((item) => item.position)).toEqual([events[2].position.toString()]);
    expect(calls[0]).toEqual({
      from: undefined,
      filter: { categories: streamCategories },
      maxCount: 2,
    });
    expect(calls[1].from?.equals(events[1].position)).toBe(true);
  });

  it('makes each event a JSON message on the analytics topic, keyed by its case pseudonym', async () => {
    const items = await analyticsSourceFromStore(storeOf(events, []), options)(undefined, 10);
    expect(items.map((item) => item.topic)).toEqual(
      Array(3).fill('t1.dinsos.analytics.case-events.v1'),
    );
    expect(items[0].message.key).toBe(testPseudonymiser.pseudonym('case', '3603-2026-000001'));
    expect(items[2].message.key).toBe(testPseudonymiser.pseudonym('record', 'c-1'));
    expect(items[0].message.headers).toEqual({ 'content-type': 'application/json' });
    const value = JSON.parse(String(items[0].message.value));
    expect(value).toMatchObject({
      type: 'RehabilitationNoteRecorded',
      occurredOn: '2026-03-04',
      payload: { day: '2026-03-04', services: ['meals'] },
    });
    expect(String(items[0].message.value)).not.toContain('peksos-1');
  });

  it('needs the vault or a decrypt function to build the relay', () => {
    expect(() =>
      createAnalyticsRelay({
        store: storeOf([], []),
        kafka: {} as never,
        databaseUrl: 'postgres://localhost/x',
        pseudonymKey: testKey,
      }),
    ).toThrow(/vault/);
  });
});
