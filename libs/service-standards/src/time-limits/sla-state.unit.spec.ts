import { slaStateOf } from './sla-state';

describe('slaStateOf', () => {
  const week = { startedAt: '2026-03-02T10:00:00+07:00', dueAt: '2026-03-09T23:59:59.999+07:00' };

  it('is on track early in the span', () => {
    expect(slaStateOf(week, '2026-03-04T09:00:00+07:00')).toBe('onTrack');
  });

  it('is at risk in the last fifth of the span', () => {
    expect(slaStateOf(week, '2026-03-08T12:00:00+07:00')).toBe('atRisk');
  });

  it('is at risk on the last day of a short clock, whatever the share', () => {
    const twoDays = {
      startedAt: '2026-03-02T00:00:00+07:00',
      dueAt: '2026-03-03T23:59:59.999+07:00',
    };
    expect(slaStateOf(twoDays, '2026-03-03T01:00:00+07:00')).toBe('atRisk');
  });

  it('is breached past the due time, by the instant, not the local date', () => {
    expect(slaStateOf(week, '2026-03-09T17:00:00Z')).toBe('breached');
    expect(slaStateOf(week, '2026-03-09T16:59:00Z')).toBe('atRisk');
  });

  it('is met or breached once stopped, whatever the time now', () => {
    expect(
      slaStateOf({ ...week, stoppedAt: '2026-03-05T10:00:00+07:00' }, '2027-01-01T00:00:00Z'),
    ).toBe('met');
    expect(
      slaStateOf({ ...week, stoppedAt: '2026-03-10T00:00:01+07:00' }, '2026-03-10T01:00:00+07:00'),
    ).toBe('breached');
  });
});
