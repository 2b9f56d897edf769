import { nationalHolidays2026 } from './holidays';
import { WorkingCalendar } from './working-calendar';

describe('working days', () => {
  const calendar = new WorkingCalendar();

  it('are Monday to Friday minus national holidays', () => {
    expect(calendar.isWorkingDay('2026-03-06')).toBe(true); // Friday
    expect(calendar.isWorkingDay('2026-03-07')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-08-17')).toBe(false); // Independence Day, a Monday
    expect(calendar.holidayOn('2026-12-25')?.name).toBe('Hari Raya Natal');
  });

  it('count from the day after the start', () => {
    expect(calendar.addWorkingDays('2026-03-06', 3)).toEqual({
      date: '2026-03-11',
      yearsWithoutHolidayList: [],
    });
    expect(calendar.addWorkingDays('2026-03-06', 0).date).toBe('2026-03-06');
  });

  it('skip a holiday week: Nyepi and Idul Fitri', () => {
    // Mon 16 March + 5 working days: 17, 18, (19 Nyepi, 20 Idul Fitri, 21–22 weekend), 23, 24, 25.
    expect(calendar.addWorkingDays('2026-03-16', 5).date).toBe('2026-03-25');
  });

  it('say when a count crosses into a year without a holiday list', () => {
    const result = calendar.addWorkingDays('2026-12-30', 3);
    expect(result).toEqual({ date: '2027-01-04', yearsWithoutHolidayList: [2027] });
    const with2027 = calendar.with({
      year: 2027,
      basis: 'test',
      holidays: [{ date: '2027-01-01', name: 'Tahun Baru 2027 Masehi', english: "New Year's Day" }],
    });
    expect(with2027.addWorkingDays('2026-12-30', 3)).toEqual({
      date: '2027-01-05',
      yearsWithoutHolidayList: [],
    });
  });

  it('refuses a holiday filed under the wrong year', () => {
    expect(() => new WorkingCalendar([{ ...nationalHolidays2026, year: 2025 }])).toThrow(
      /not in 2025/,
    );
  });
});
