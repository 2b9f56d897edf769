// The worklist row of a case, folded from its assessment events (pure).
import type { RecordedEvent } from '@dinsos/event-store';
import { recordedEventsOf } from '@dinsos/platform/testing';
import { evolveWorklistRow, nextDueAt, stageOf, type WorklistRow } from './worklist.projection';

const caseId = '3603-2026-000007';
const event = recordedEventsOf('assessment', caseId);
const fold = (events: RecordedEvent[], from?: WorklistRow) =>
  events.reduce<WorklistRow | undefined>((row, next) => evolveWorklistRow(row, next), from)!;

const shelterClock = {
  clock: 'basic-rehabilitation',
  startedBy: 'ClientHandedOverToShelter',
  step: 'further-assessment-and-basic-rehabilitation',
  startedAt: '2026-03-02T08:00:00+07:00',
  startDate: '2026-03-02',
  dueDate: '2026-03-09',
  dueAt: '2026-03-09T23:59:59.999+07:00',
};
const started = event(
  'AssessmentStarted',
  {
    clientId: 'client-1',
    caseNumber: caseId,
    clientCategory: 'neglectedChild',
    owningOfficeCode: '3603',
    custodian: { kind: 'shelter', organisation: { name: 'Rumah Singgah' } },
    serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
    steps: ['further-assessment-and-basic-rehabilitation'],
  },
  { serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 } },
);

describe('the worklist row', () => {
  it('makes the row on a clock that came before AssessmentStarted, and lists it only once started', () => {
    const early = fold([event('AssessmentClockStarted', shelterClock)]);
    expect(early).toMatchObject({ caseId, started: false, officeCode: '3603' });
    expect(early.clocks['basic-rehabilitation']).toMatchObject({ dueDate: '2026-03-09' });
    const row = fold([started], early);
    expect(row).toMatchObject({
      started: true,
      caseNumber: caseId,
      clientCategory: 'neglectedChild',
      serviceStandard: { code: 'bekasi-layanan-rujukan', version: 1 },
      custodianKind: 'shelter',
      startedAt: '2026-03-02T02:15:00.000Z',
    });
    expect(stageOf(row)).toBe('awaitingSocialWorker');
    expect(Object.keys(row.clocks)).toEqual(['basic-rehabilitation']);
  });

  it('follows the stage through assignment, assessments, a rejected and an approved recommendation', () => {
    const recommendation = { clientId: 'client-1', recommendationNumber: 1 };
    const steps: [RecordedEvent, string][] = [
      [
        event('SocialWorkerAssigned', { socialWorkerId: 'siti', how: 'takenBySocialWorker' }),
        'assessing',
      ],
      [event('AssessmentRecorded', { assessedOn: '2026-03-04' }), 'assessing'],
      [event('AssessmentRecorded', { assessedOn: '2026-03-03' }), 'assessing'],
      [
        event('RecommendationSubmitted', { ...recommendation, recommendation: 'returnHome' }),
        'awaitingApproval',
      ],
      [event('RecommendationRejected', recommendation), 'assessing'],
      [
        event('RecommendationSubmitted', { ...recommendation, recommendation: 'traceFamily' }),
        'awaitingApproval',
      ],
      [
        event('RecommendationMade', { ...recommendation, recommendation: 'traceFamily' }),
        'recommended',
      ],
    ];
    let row = fold([started]);
    for (const [next, stage] of steps) {
      row = evolveWorklistRow(row, next);
      expect(stageOf(row)).toBe(stage);
    }
    expect(row).toMatchObject({
      socialWorkerId: 'siti',
      assessmentsRecorded: 2,
      lastAssessedOn: '2026-03-04',
      recommendation: 'traceFamily',
      submittedRecommendation: null,
    });
  });

  it('moves to the receiving office on a transfer, waiting for its social worker', () => {
    const row = fold([
      started,
      event('SocialWorkerAssigned', { socialWorkerId: 'siti', how: 'assignedBySupervisor' }),
      event('AssessmentTransferred', {
        fromOfficeCode: '3603',
        toOfficeCode: '36',
        transferredAt: '2026-03-05T09:00:00+07:00',
      }),
    ]);
    expect(row).toMatchObject({ officeCode: '36', socialWorkerId: null });
    expect(stageOf(row)).toBe('awaitingSocialWorker');
  });

  it('notes each rehabilitation day once, and merges a clock stopped before it started', () => {
    const note = (day: string) =>
      event('RehabilitationNoteRecorded', { clientId: 'client-1', day, services: ['meals'] });
    const stop = event('AssessmentClockStopped', {
      clock: 'basic-rehabilitation',
      stoppedBy: 'ClientReturnedHome',
      stoppedAt: '2026-03-05T10:00:00+07:00',
      stopDate: '2026-03-05',
    });
    const row = fold([started, note('2026-03-04'), note('2026-03-02'), note('2026-03-04'), stop]);
    expect(row.rehabilitationDays).toEqual(['2026-03-02', '2026-03-04']);
    expect(row.clocks['basic-rehabilitation']).toEqual({
      code: 'basic-rehabilitation',
      stoppedBy: 'ClientReturnedHome',
      stoppedAt: '2026-03-05T10:00:00+07:00',
      stopDate: '2026-03-05',
    });
    const both = fold([event('AssessmentClockStarted', shelterClock)], row);
    expect(both.clocks['basic-rehabilitation']).toMatchObject({
      startDate: '2026-03-02',
      stopDate: '2026-03-05',
    });
    expect(nextDueAt(both)).toBeNull();
    const running = fold(
      [
        event('AssessmentClockStarted', {
          ...shelterClock,
          clock: 'whole-service',
          step: undefined,
        }),
      ],
      both,
    );
    expect(nextDueAt(running)).toBe('2026-03-09T16:59:59.999Z');
  });
});
