import { bantenRehabilitasiAnakTerlantarV1 } from '../standards/banten-rehsos-anak-terlantar.v1';
import { bekasiLayananRujukanV1 } from '../standards/bekasi-layanan-rujukan.v1';
import { complaintSlaOf, sp4nLaporComplaintSla } from './complaint-sla';
import { dueDateOf, evaluateClock } from './due-date';

const bekasiService = bekasiLayananRujukanV1.timeLimits[0];
const bantenService = bantenRehabilitasiAnakTerlantarV1.timeLimits[0];

describe('due dates', () => {
  it('give Bekasi 7 calendar days for the whole service, to the end of the office day', () => {
    expect(
      dueDateOf(bekasiService, '2026-03-02T09:15:00+07:00', { timeZone: 'Asia/Jakarta' }),
    ).toEqual({
      startDate: '2026-03-02',
      dueDate: '2026-03-09',
      dueAt: '2026-03-09T23:59:59.999+07:00',
      yearsWithoutHolidayList: [],
    });
  });

  it('give Banten one running year: the same date a year on', () => {
    const due = dueDateOf(bantenService, '2026-12-15T03:00:00Z', { timeZone: 'Asia/Jakarta' });
    expect(due.dueDate).toBe('2027-12-15');
  });

  it('start the clock on the office date, so the same instant is due a day later in WITA or WIT', () => {
    const reportedAt = '2026-03-02T16:30:00Z'; // 23:30 WIB, 00:30 WITA the next day
    expect(dueDateOf(bekasiService, reportedAt, { timeZone: 'Asia/Jakarta' }).dueAt).toBe(
      '2026-03-09T23:59:59.999+07:00',
    );
    expect(dueDateOf(bekasiService, reportedAt, { timeZone: 'Asia/Makassar' }).dueAt).toBe(
      '2026-03-10T23:59:59.999+08:00',
    );
    expect(dueDateOf(bekasiService, reportedAt, { timeZone: 'Asia/Jayapura' }).dueDate).toBe(
      '2026-03-10',
    );
  });

  it('count complaint verification in working days across holidays', () => {
    // Received Wednesday 18 March 2026; 19 Nyepi, 20 Idul Fitri, 21–22 weekend.
    const due = dueDateOf(sp4nLaporComplaintSla.verify, '2026-03-18T10:00:00+07:00', {
      timeZone: 'Asia/Jakarta',
    });
    expect(due.dueDate).toBe('2026-03-25');
    expect(
      dueDateOf(sp4nLaporComplaintSla.resolve, '2026-03-18T10:00:00+07:00', {
        timeZone: 'Asia/Jakarta',
      }).dueDate,
    ).toBe('2026-05-17');
  });

  it('follow SP4N-LAPOR! unless the pinned standard overrides it', () => {
    expect(complaintSlaOf(bekasiLayananRujukanV1)).toBe(sp4nLaporComplaintSla);
    const override = {
      ...sp4nLaporComplaintSla,
      source: 'SK X',
      verify: { ...sp4nLaporComplaintSla.verify, amount: 1 },
    };
    expect(complaintSlaOf({ complaintSlaOverride: override }).verify.amount).toBe(1);
  });
});

describe("a clock over a case's events", () => {
  const context = { timeZone: 'Asia/Jakarta' as const };
  const received = { type: 'ReportReceived', occurredAt: '2026-03-02T09:15:00+07:00' };

  it('has not started before its start event', () => {
    expect(
      evaluateClock(bekasiService, [], { ...context, now: '2026-03-02T10:00:00+07:00' }),
    ).toEqual({ status: 'notStarted' });
  });

  it('runs, and is overdue only after the end of the due day', () => {
    const events = [received, { type: 'CaseOpened', occurredAt: '2026-03-02T11:00:00+07:00' }];
    const onDueDay = evaluateClock(bekasiService, events, {
      ...context,
      now: '2026-03-09T23:59:00+07:00',
    });
    expect(onDueDay).toMatchObject({ status: 'running', overdue: false });
    expect(
      evaluateClock(bekasiService, events, { ...context, now: '2026-03-10T00:00:00+07:00' }),
    ).toMatchObject({
      status: 'running',
      overdue: true,
    });
  });

  it('stops at the first stop event after the start and says whether the deadline was met', () => {
    const returned = { type: 'ClientReturnedHome', occurredAt: '2026-03-08T14:00:00+07:00' };
    expect(
      evaluateClock(bekasiService, [received, returned], {
        ...context,
        now: '2026-04-01T00:00:00Z',
      }),
    ).toMatchObject({
      status: 'stopped',
      stoppedAt: returned.occurredAt,
      metDeadline: true,
    });
    const late = { type: 'ClientHandedOverToLks', occurredAt: '2026-03-12T08:00:00+07:00' };
    expect(
      evaluateClock(bekasiService, [received, late], { ...context, now: '2026-04-01T00:00:00Z' }),
    ).toMatchObject({
      status: 'stopped',
      metDeadline: false,
    });
  });
});
