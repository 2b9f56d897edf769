import { Position, type RecordedEvent } from '@dinsos/event-store';

/**
 * Recorded events of one case's stream, for unit specs of what folds or shows them (projections,
 * views): each call gives the next event of the stream, revisions from 0 and positions in order,
 * with a full envelope the spec may override.
 */
export function recordedEventsOf(
  category: string,
  caseId: string,
  defaults: Partial<RecordedEvent> = {},
): (type: string, payload: object, envelope?: Partial<RecordedEvent>) => RecordedEvent {
  let revision = -1;
  return (type, payload, envelope = {}) => {
    revision += 1;
    return {
      eventId: `00000000-0000-4000-8000-${String(revision + 1).padStart(12, '0')}`,
      type,
      schemaVersion: 1,
      streamId: `${category}-${caseId}`,
      streamRevision: revision,
      position: Position.of(BigInt(revision + 1), 0n),
      caseId,
      subjectIds: [],
      officeCode: '3603',
      occurredAt: '2026-03-02T02:15:00.000Z',
      recordedAt: '2026-03-02T02:15:00.000Z',
      actor: { id: category, role: 'service', officeCode: '3603' },
      correlationId: 'c',
      causationId: null,
      payload: payload as RecordedEvent['payload'],
      prevHash: '',
      hash: '',
      ...defaults,
      ...envelope,
    };
  };
}
