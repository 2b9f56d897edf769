import { initialCaseSummary, type CaseSummary } from '@dinsos/case-summary';
import { caseRecordOf } from './read-model.projection';

const clock = (fields: Partial<CaseSummary['clocks'][number]>): CaseSummary['clocks'][number] => ({
  code: 'c',
  step: null,
  amount: 7,
  unit: 'calendarDays',
  status: 'notStarted',
  officeCode: '3603',
  startedBy: null,
  startedAt: null,
  startDate: null,
  dueDate: null,
  dueAt: null,
  stoppedBy: null,
  stoppedAt: null,
  stopDate: null,
  met: null,
  ...fields,
});

describe('caseRecordOf: a summary as the list’s columns', () => {
  const summary: CaseSummary = {
    ...initialCaseSummary('3603-2026-000001'),
    caseNumber: '3603-2026-000001',
    owningOfficeCode: '36',
    stage: 'tracing',
    custodian: { kind: 'family', personIds: ['p-1'] },
    clocks: [
      clock({
        code: 'late',
        status: 'stopped',
        dueAt: '2026-03-03T23:59:59.999+07:00',
        met: false,
      }),
      clock({ code: 'later', status: 'running', dueAt: '2026-03-20T23:59:59.999+07:00' }),
      clock({ code: 'sooner', status: 'running', dueAt: '2026-03-09T23:59:59.999+07:00' }),
      clock({ code: 'idle' }),
    ],
    officeMoves: [
      {
        kind: 'transfer',
        fromOfficeCode: '3603',
        toOfficeCode: '36',
        at: 'x',
        reason: 'r',
        eventId: 'e1',
      },
      {
        kind: 'referral',
        fromOfficeCode: '3602',
        toOfficeCode: '36',
        at: 'x',
        reason: 'r',
        eventId: 'e2',
      },
    ],
    lastPosition: '0000000000000001-0000000000000000',
  };

  it('keeps the earliest running due instant, the late clocks and the offices that transferred it away', () => {
    expect(caseRecordOf(summary)).toMatchObject({
      case_id: '3603-2026-000001',
      office_code: '36',
      stage: 'tracing',
      custodian_kind: 'family',
      next_due_at: '2026-03-09T23:59:59.999+07:00',
      late_clocks: 1,
      read_grant_office_codes: ['3603'],
      last_position: '0000000000000001-0000000000000000',
      summary,
    });
  });

  it('owes nothing once closed: no due instant', () => {
    expect(caseRecordOf({ ...summary, stage: 'closed' }).next_due_at).toBeNull();
  });
});
