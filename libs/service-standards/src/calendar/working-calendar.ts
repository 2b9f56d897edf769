import { addDays, assertLocalDate, dayOfWeek, yearOf, type LocalDate } from '../offices/time-zones';
import { nationalHolidayLists, type Holiday, type HolidayList } from './holidays';

export interface WorkingDaysResult {
  date: LocalDate;
  /**
   * Years the count crossed for which no holiday list is loaded: only weekends were skipped
   * there, so the date may be early. Log it; the list has to be added (see holidays.ts).
   */
  yearsWithoutHolidayList: number[];
}

/** Working days: Monday to Friday, minus the holidays of the loaded lists. */
export class WorkingCalendar {
  private readonly holidays = new Map<LocalDate, Holiday>();
  private readonly years = new Set<number>();

  constructor(lists: readonly HolidayList[] = nationalHolidayLists) {
    for (const list of lists) {
      this.years.add(list.year);
      for (const holiday of list.holidays) {
        assertLocalDate(holiday.date, `holiday ${holiday.name}`);
        if (yearOf(holiday.date) !== list.year) {
          throw new Error(`holiday ${holiday.date} (${holiday.name}) is not in ${list.year}`);
        }
        if (!this.holidays.has(holiday.date)) this.holidays.set(holiday.date, holiday);
      }
    }
  }

  /** A calendar with more lists (a new year, or regional holidays of an office). */
  with(...lists: HolidayList[]): WorkingCalendar {
    const current = [...this.years].map((year) => ({
      year,
      basis: 'loaded',
      holidays: [...this.holidays.values()].filter((h) => yearOf(h.date) === year),
    }));
    return new WorkingCalendar([...current, ...lists]);
  }

  hasHolidayListFor(year: number): boolean {
    return this.years.has(year);
  }

  holidayOn(date: LocalDate): Holiday | undefined {
    assertLocalDate(date);
    return this.holidays.get(date);
  }

  isWorkingDay(date: LocalDate): boolean {
    const weekday = dayOfWeek(date);
    return weekday !== 0 && weekday !== 6 && !this.holidays.has(date);
  }

  /**
   * The `count`-th working day after `start` (the start day itself is not counted, whatever it
   * is): 3 working days from Friday 2026-03-06 is Wednesday 2026-03-11.
   */
  addWorkingDays(start: LocalDate, count: number): WorkingDaysResult {
    assertLocalDate(start);
    if (!Number.isInteger(count) || count < 0) {
      throw new RangeError(`working days must be a whole number ≥ 0, got ${count}`);
    }
    const missing = new Set<number>();
    let date = start;
    let remaining = count;
    while (remaining > 0) {
      date = addDays(date, 1);
      if (!this.years.has(yearOf(date))) missing.add(yearOf(date));
      if (this.isWorkingDay(date)) remaining--;
    }
    return { date, yearsWithoutHolidayList: [...missing].sort() };
  }
}
