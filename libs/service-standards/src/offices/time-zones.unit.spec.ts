import {
  addMonths,
  endOfLocalDay,
  formatInstantInZone,
  localDateAt,
  localDateTimeAt,
  startOfLocalDay,
} from './time-zones';

describe('office time zones as fixed offsets', () => {
  const instant = '2026-12-31T16:30:00Z';

  it('puts one instant on different office dates in WIB, WITA and WIT', () => {
    expect(localDateAt(instant, 'Asia/Jakarta')).toBe('2026-12-31');
    expect(localDateAt(instant, 'Asia/Makassar')).toBe('2027-01-01');
    expect(localDateAt(instant, 'Asia/Jayapura')).toBe('2027-01-01');
  });

  it('formats an instant with the office offset', () => {
    expect(formatInstantInZone(instant, 'Asia/Jakarta')).toBe('2026-12-31T23:30:00.000+07:00');
    expect(formatInstantInZone(instant, 'Asia/Makassar')).toBe('2027-01-01T00:30:00.000+08:00');
    expect(formatInstantInZone(new Date(instant), 'Asia/Jayapura')).toBe(
      '2027-01-01T01:30:00.000+09:00',
    );
  });

  it('reads an instant written in another offset as the same moment', () => {
    expect(localDateTimeAt('2026-03-02T09:15:00+07:00', 'Asia/Makassar')).toMatchObject({
      date: '2026-03-02',
      hour: 10,
      minute: 15,
    });
  });

  it('gives the first and last moment of an office day', () => {
    expect(startOfLocalDay('2026-03-09', 'Asia/Jakarta').toISOString()).toBe(
      '2026-03-08T17:00:00.000Z',
    );
    expect(endOfLocalDay('2026-03-09', 'Asia/Jayapura').toISOString()).toBe(
      '2026-03-09T14:59:59.999Z',
    );
  });

  it('refuses a date-time without an offset, which names no moment', () => {
    expect(() => localDateAt('2026-03-02T09:15:00', 'Asia/Jakarta')).toThrow(/with an offset/);
    expect(() => localDateAt(new Date(Number.NaN), 'Asia/Jakarta')).toThrow(/invalid Date/);
  });

  it('adds months keeping the day, or the last day of a shorter month', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2027-12-31', 2)).toBe('2028-02-29');
    expect(addMonths('2026-03-02', 12)).toBe('2027-03-02');
  });
});
