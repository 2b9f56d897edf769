import { examples } from '@dinsos/contracts';
import { Position, type RecordedEvent } from '@dinsos/event-store';
import { schemaVersionOf, toDomainEvent } from './stream-state';
import type { Decider } from './decider';

function recorded(type: string, schemaVersion: number, payload: object): RecordedEvent {
  return {
    eventId: '3b241101-e2bb-4255-8caf-4136c566a962',
    type,
    schemaVersion,
    streamId: 'intakeCase-c-1',
    streamRevision: 0,
    position: Position.of(1n, 1n),
    caseId: 'c-1',
    subjectIds: ['s-1'],
    officeCode: '3601',
    occurredAt: '2026-01-01T00:00:00Z',
    recordedAt: '2026-01-01T00:00:00Z',
    actor: { id: 'a', role: 'intake-officer', officeCode: '3601' },
    correlationId: 'corr',
    causationId: null,
    payload: payload as RecordedEvent['payload'],
    prevHash: '',
    hash: '',
  };
}

describe('stored events as deciders see them', () => {
  it('upcasts an old version of a catalogued event to its latest version before evolve sees it', () => {
    const event = toDomainEvent(recorded('ReportReceived', 1, examples.exampleReportReceivedV1()));
    expect(event.type).toBe('ReportReceived');
    expect(event.payload).toMatchObject({ source: { kind: expect.any(String) } });
    expect(event.subjectIds).toEqual(['s-1']);
  });

  it("keeps an event of the service's own, uncatalogued type as stored", () => {
    expect(toDomainEvent(recorded('VisitScheduled', 1, { visitId: 'v1' })).payload).toEqual({
      visitId: 'v1',
    });
  });

  it('takes schema versions from the decider, else from the catalogue, and refuses a type known to neither', () => {
    const decider = { schemaVersions: { VisitScheduled: 3 } } as unknown as Decider<
      unknown,
      unknown,
      never
    >;
    expect(schemaVersionOf(decider, 'VisitScheduled')).toBe(3);
    expect(schemaVersionOf(decider, 'ReportReceived')).toBe(2);
    expect(() => schemaVersionOf(decider, 'Mystery')).toThrow('not in the contracts catalogue');
  });
});
