import { caseSlaAt, daysPerStage } from './case-sla';
import { evolveCaseSummary, foldCaseSummary } from './case-summary';
import {
  bekasi,
  eventLog,
  family,
  frozen,
  ids,
  issued,
  person,
  positionOf,
  shelter,
  enc,
} from './testing/case-events';
import {
  bantenCaseId,
  bantenPath,
  bekasiAssessmentAndTracing,
  bekasiCaseId,
  bekasiOpening,
  bekasiPath,
  upTo,
} from './testing/scenarios';

const opened = () => foldCaseSummary(bekasiCaseId, bekasiOpening().events);
const wholeService = (summary: ReturnType<typeof opened>, now: string | Date) =>
  caseSlaAt(summary, now).clocks.find((clock) => clock.code === 'whole-service')!.state;

describe("the pinned standard's clocks at an instant", () => {
  // Seed 004's whole service: 7 calendar days from the report at 09:00 WIB on Monday 2 March,
  // due at the end of Monday 9 March; at risk in the last fifth of its span (from about 11:24
  // on Sunday 8 March).
  const summary = frozen(opened());

  it('is on track well before its due date', () => {
    expect(wholeService(summary, '2026-03-04T12:00:00+07:00')).toBe('onTrack');
    expect(wholeService(summary, '2026-03-08T11:00:00+07:00')).toBe('onTrack');
  });

  it('is at risk in its last fifth, up to and at the due instant itself', () => {
    expect(wholeService(summary, '2026-03-08T12:00:00+07:00')).toBe('atRisk');
    expect(wholeService(summary, '2026-03-09T23:59:59.999+07:00')).toBe('atRisk');
  });

  it('is breached the moment after its due instant', () => {
    expect(wholeService(summary, '2026-03-10T00:00:00.000+07:00')).toBe('breached');
    expect(wholeService(summary, new Date('2026-04-01T00:00:00Z'))).toBe('breached');
  });

  it('is met when stopped in time, whatever "now"', () => {
    const done = foldCaseSummary(bekasiCaseId, bekasiPath());
    for (const now of [
      '2026-03-08T10:00:00+07:00',
      '2026-03-20T00:00:00+07:00',
      '2030-01-01T00:00:00Z',
    ]) {
      expect(caseSlaAt(done, now).clocks.map((clock) => clock.state)).toEqual(['met', 'met']);
      expect(caseSlaAt(done, now).state).toBe('met');
    }
  });

  it('is breached for good when stopped after its due date', () => {
    const { event, events } = bekasiOpening();
    const late = foldCaseSummary(bekasiCaseId, [
      ...events,
      event('ClientReturnedHome', '2026-03-12T10:00:00+07:00', {
        clientId: ids.clientId,
        returnedAt: '2026-03-12T10:00:00+07:00',
        place: enc('place'),
        officer: person(ids.officerPersonId),
        receivedBy: [person(ids.motherId)],
        witnesses: [],
        beritaAcaraPemulangan: issued('BAP/3603/2026/002', 'berita-acara-pemulangan'),
        previousCustodian: shelter,
        custodian: family,
      }),
    ]);
    expect(late.clocks[0]).toMatchObject({ status: 'stopped', met: false, stopDate: '2026-03-12' });
    expect(wholeService(late, '2026-03-12T11:00:00+07:00')).toBe('breached');
    expect(caseSlaAt(late, '2026-03-12T11:00:00+07:00').nextDueAt).toBeNull();
  });

  it('judges a clock still running at closure at the closing instant, not forever after', () => {
    const event = eventLog({ caseId: bekasiCaseId, officeCode: '3603', serviceStandard: bekasi });
    const { events } = bekasiOpening(event);
    const closed = foldCaseSummary(bekasiCaseId, [
      ...events,
      event('CaseClosed', '2026-03-05T10:00:00+07:00', {
        clientId: ids.clientId,
        closedBy: 'ClientReturnedHome',
        closedAt: '2026-03-05T10:00:00+07:00',
      }),
    ]);
    const sla = caseSlaAt(closed, '2027-01-01T00:00:00+07:00');
    expect(sla.judgedAt).toBe('2026-03-05T10:00:00+07:00');
    expect(sla.today).toBe('2026-03-05');
    expect(sla.state).toBe('onTrack');
  });

  it('gives the earliest due instant of the running clocks, and leaves the summary as it was', () => {
    const before = JSON.stringify(summary);
    const sla = caseSlaAt(summary, '2026-03-04T12:00:00+07:00');
    expect(sla.nextDueAt).toBe('2026-03-09T23:59:59.999+07:00');
    expect(sla.at).toBe('2026-03-04T12:00:00+07:00');
    expect(JSON.stringify(summary)).toBe(before);
  });
});

describe('inquiries at an instant', () => {
  const { event, events } = bekasiOpening();
  const rest = bekasiAssessmentAndTracing(event);
  const sent = foldCaseSummary(bekasiCaseId, [...events, ...rest.slice(0, 9)]);

  it('open and on track after sending, overdue after their due time', () => {
    expect(caseSlaAt(sent, '2026-03-05T08:00:00+07:00').inquiries).toEqual({
      open: 2,
      answered: 0,
      overdue: 0,
      state: 'onTrack',
      nextDueAt: '2026-03-07T23:59:59.999+07:00',
    });
    expect(caseSlaAt(sent, '2026-03-07T12:00:00+07:00').inquiries.state).toBe('atRisk');
    expect(caseSlaAt(sent, '2026-03-08T00:00:00+07:00').inquiries).toMatchObject({
      open: 2,
      overdue: 2,
      state: 'breached',
    });
  });

  it("the timer's InquiryOverdue makes it overdue whatever the instant asked", () => {
    const overdue = evolveCaseSummary(
      sent,
      event(
        'InquiryOverdue',
        '2026-03-08T00:00:00+07:00',
        { inquiryId: 'inq-1', dueAt: '2026-03-07T23:59:59.999+07:00' },
        { position: positionOf(300) },
      ),
    );
    expect(caseSlaAt(overdue, '2026-03-05T08:00:00+07:00').inquiries.overdue).toBe(1);
  });

  it('answered ones are counted apart; none is open once the family is found', () => {
    const answered = foldCaseSummary(bekasiCaseId, [...events, ...rest.slice(0, 10)]);
    expect(caseSlaAt(answered, '2026-03-05T10:00:00+07:00').inquiries).toMatchObject({
      open: 1,
      answered: 1,
    });
    const found = foldCaseSummary(bekasiCaseId, [...events, ...rest]);
    expect(caseSlaAt(found, '2026-03-09T10:00:00+07:00').inquiries).toEqual({
      open: 0,
      answered: 2,
      overdue: 0,
      state: null,
      nextDueAt: null,
    });
  });
});

describe('an institution stay at an instant (Banten: 30 days at risk before the year ends)', () => {
  const stay = foldCaseSummary(bantenCaseId, upTo(bantenPath(), 'InstitutionStayReviewed'));
  const stayAt = (now: string) => caseSlaAt(stay, now).institutionStay;

  it('on track, its next review not yet due', () => {
    expect(stayAt('2026-07-01T10:00:00+07:00')).toEqual({
      institution: 'Panti Sosial Asuhan Anak Serang',
      limitDate: '2027-03-02',
      state: 'onTrack',
      nextReviewDueOn: '2026-09-22',
      reviewDue: false,
    });
  });

  it('a review falls due on its day', () => {
    expect(stayAt('2026-09-22T08:00:00+07:00')?.reviewDue).toBe(true);
  });

  it('at risk in its last 30 days, breached after its limit', () => {
    expect(stayAt('2027-01-31T10:00:00+07:00')?.state).toBe('onTrack');
    expect(stayAt('2027-02-01T10:00:00+07:00')?.state).toBe('atRisk');
    expect(stayAt('2027-03-02T23:00:00+07:00')?.state).toBe('atRisk');
    expect(stayAt('2027-03-03T00:00:00+07:00')?.state).toBe('breached');
  });

  it('none once discharged', () => {
    const done = foldCaseSummary(bantenCaseId, bantenPath());
    expect(caseSlaAt(done, '2027-02-01T10:00:00+07:00').institutionStay).toBeNull();
  });
});

describe('days per stage', () => {
  it('adds the periods of each stage; the one under way counts until now', () => {
    const days = daysPerStage(foldCaseSummary(bekasiCaseId, bekasiPath()), '2030-01-01T00:00:00Z');
    const hours = (value: number) => Math.round(value * 24 * 60) / 60;
    expect({
      intake: hours(days.intake),
      assessment: hours(days.assessment),
      tracing: hours(days.tracing),
      placement: hours(days.placement),
    }).toEqual({ intake: 1 + 5 / 60, assessment: 48 - 5 / 60, tracing: 48, placement: 48 });

    const underWay = daysPerStage(opened(), '2026-03-03T10:05:00+07:00');
    expect(underWay.assessment).toBeCloseTo(1, 10);
    expect(underWay.tracing).toBe(0);
  });
});
