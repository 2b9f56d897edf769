import { given } from '../../src/domain';
import { visitsDecider, type VisitEvent } from './visits';

const scheduled = (visitId: string, plannedOn = '2026-12-01'): VisitEvent => ({
  type: 'VisitScheduled',
  payload: { visitId, plannedOn, purpose: 'assessment' },
});

describe('home visits of a case (given / when / then)', () => {
  it('schedules a visit, naming the client as the data subject of its notes', () => {
    const notes = { keyId: 'k-client-1', iv: 'aXY=', ct: 'Y3Q=', tag: 'dGFn' };
    given(visitsDecider)
      .when({
        type: 'ScheduleVisit',
        visitId: 'v1',
        plannedOn: '2026-12-01',
        purpose: 'assessment',
        notes,
        clientId: 'client-1',
      })
      .then([
        {
          type: 'VisitScheduled',
          payload: { visitId: 'v1', plannedOn: '2026-12-01', purpose: 'assessment', notes },
          subjectIds: ['client-1'],
        },
      ]);
  });

  it('refuses a visit id that is already planned', () => {
    const refusal = given(visitsDecider, [scheduled('v1')])
      .when({ type: 'ScheduleVisit', visitId: 'v1', plannedOn: '2026-12-02', purpose: 'followUp' })
      .thenRefuses('visit-already-scheduled');
    expect(refusal.message).toBe(
      'Visit v1 is already planned for this case; choose another visit.',
    );
  });

  it('refuses a fourth open visit, but counts only planned ones', () => {
    given(visitsDecider, [scheduled('v1'), scheduled('v2'), scheduled('v3')])
      .when({ type: 'ScheduleVisit', visitId: 'v4', plannedOn: '2026-12-04', purpose: 'followUp' })
      .thenRefuses('too-many-open-visits');
    given(visitsDecider, [
      scheduled('v1'),
      scheduled('v2'),
      scheduled('v3'),
      { type: 'VisitCancelled', payload: { visitId: 'v2', reason: 'moved' } },
    ])
      .when({ type: 'ScheduleVisit', visitId: 'v4', plannedOn: '2026-12-04', purpose: 'followUp' })
      .then([
        {
          type: 'VisitScheduled',
          payload: { visitId: 'v4', plannedOn: '2026-12-04', purpose: 'followUp' },
        },
      ]);
  });

  it('records an outcome once, and never for a cancelled visit', () => {
    given(visitsDecider, [scheduled('v1')])
      .when({ type: 'RecordVisitOutcome', visitId: 'v1', outcome: 'met' })
      .then([{ type: 'VisitOutcomeRecorded', payload: { visitId: 'v1', outcome: 'met' } }]);
    given(visitsDecider, [
      scheduled('v1'),
      { type: 'VisitOutcomeRecorded', payload: { visitId: 'v1', outcome: 'met' } },
    ])
      .when({ type: 'RecordVisitOutcome', visitId: 'v1', outcome: 'refused' })
      .thenRefuses('visit-outcome-already-recorded');
    given(visitsDecider, [
      scheduled('v1'),
      { type: 'VisitCancelled', payload: { visitId: 'v1', reason: 'family moved' } },
    ])
      .when({ type: 'RecordVisitOutcome', visitId: 'v1', outcome: 'met' })
      .thenRefuses('visit-cancelled');
    given(visitsDecider)
      .when({ type: 'CancelVisit', visitId: 'v9', reason: 'x' })
      .thenRefuses('visit-not-found');
  });

  it('plans the first contact once, whoever asks again (the reaction is idempotent by rule too)', () => {
    given(visitsDecider)
      .when({ type: 'ScheduleFirstContact', plannedOn: '2026-12-03' })
      .then([
        {
          type: 'VisitScheduled',
          payload: { visitId: 'first-contact', plannedOn: '2026-12-03', purpose: 'firstContact' },
        },
      ]);
    given(visitsDecider, [
      {
        type: 'VisitScheduled',
        payload: { visitId: 'first-contact', plannedOn: '2026-12-03', purpose: 'firstContact' },
      },
    ])
      .when({ type: 'ScheduleFirstContact', plannedOn: '2026-12-05' })
      .thenNothingHappens();
  });

  it('evolves the state the queries show', () => {
    expect(
      given(visitsDecider, [
        scheduled('v1'),
        { type: 'VisitOutcomeRecorded', payload: { visitId: 'v1', outcome: 'notHome' } },
      ]).state(),
    ).toEqual({
      visits: {
        v1: { plannedOn: '2026-12-01', purpose: 'assessment', status: 'done', outcome: 'notHome' },
      },
    });
  });

  it('makes the helper fail when the decider does something else than expected', () => {
    expect(() =>
      given(visitsDecider).when({ type: 'CancelVisit', visitId: 'v9', reason: 'x' }).then([]),
    ).toThrow(/visit v9/);
    expect(() =>
      given(visitsDecider)
        .when({ type: 'ScheduleFirstContact', plannedOn: '2026-12-03' })
        .thenRefuses('visit-not-found'),
    ).toThrow(/expected the rule visit-not-found/);
  });
});
