/**
 * Indonesia's three time zones as fixed UTC offsets. Indonesia has observed no daylight saving
 * time since 1964, so a fixed offset per zone is exact for every date this system handles, and it
 * keeps office dates independent of the ICU/tzdata version of the Node build (no `Intl` here).
 */
export const indonesianTimeZones = {
  'Asia/Jakarta': { abbreviation: 'WIB', utcOffsetMinutes: 7 * 60 },
  'Asia/Makassar': { abbreviation: 'WITA', utcOffsetMinutes: 8 * 60 },
  'Asia/Jayapura': { abbreviation: 'WIT', utcOffsetMinutes: 9 * 60 },
} as const;

export type IndonesianTimeZone = keyof typeof indonesianTimeZones;
export type TimeZoneAbbreviation = (typeof indonesianTimeZones)[IndonesianTimeZone]['abbreviation'];

/** A calendar date without a time zone, `YYYY-MM-DD`: a date as an office's wall calendar shows it. */
export type LocalDate = string;

/** A moment in time: a Date, or an ISO-8601 string that carries its offset (`Z` or `+07:00`). */
export type Instant = Date | string;

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT_WITH_OFFSET =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

export function isIndonesianTimeZone(value: string): value is IndonesianTimeZone {
  return Object.prototype.hasOwnProperty.call(indonesianTimeZones, value);
}

export function offsetMinutesOf(zone: IndonesianTimeZone): number {
  const known = indonesianTimeZones[zone];
  if (!known) throw new RangeError(`unknown Indonesian time zone ${String(zone)}`);
  return known.utcOffsetMinutes;
}

/** `+07:00` for WIB, `+08:00` for WITA, `+09:00` for WIT. */
export function offsetText(zone: IndonesianTimeZone): string {
  const minutes = offsetMinutesOf(zone);
  const sign = minutes < 0 ? '-' : '+';
  const absolute = Math.abs(minutes);
  return `${sign}${pad(Math.floor(absolute / 60), 2)}:${pad(absolute % 60, 2)}`;
}

export function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

/** Milliseconds since the epoch; refuses strings without an offset (they name no moment). */
export function instantMillis(instant: Instant): number {
  if (instant instanceof Date) {
    const millis = instant.getTime();
    if (Number.isNaN(millis)) throw new RangeError('invalid Date');
    return millis;
  }
  if (typeof instant !== 'string' || !INSTANT_WITH_OFFSET.test(instant)) {
    throw new RangeError(
      `instant ${JSON.stringify(instant)} must be ISO-8601 with an offset, e.g. 2026-03-02T09:15:00+07:00`,
    );
  }
  const millis = Date.parse(instant);
  if (Number.isNaN(millis)) throw new RangeError(`instant ${instant} is not a real date`);
  return millis;
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function assertLocalDate(value: unknown, what = 'date'): asserts value is LocalDate {
  if (!isLocalDate(value))
    throw new RangeError(`${what} ${JSON.stringify(value)} is not a YYYY-MM-DD date`);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The wall-clock fields of an instant in a zone (all from the fixed offset, no `Intl`). */
export interface LocalDateTime {
  date: LocalDate;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  zone: IndonesianTimeZone;
}

export function localDateTimeAt(instant: Instant, zone: IndonesianTimeZone): LocalDateTime {
  const shifted = new Date(instantMillis(instant) + offsetMinutesOf(zone) * MINUTE_MS);
  const year = shifted.getUTCFullYear();
  const month = shifted.getUTCMonth() + 1;
  const day = shifted.getUTCDate();
  return {
    date: `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`,
    year,
    month,
    day,
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    zone,
  };
}

/** The office-calendar date of an instant, e.g. 2026-12-31T17:30Z is 2027-01-01 in WIB. */
export function localDateAt(instant: Instant, zone: IndonesianTimeZone): LocalDate {
  return localDateTimeAt(instant, zone).date;
}

/** The instant as ISO-8601 in the zone's offset: `2026-03-09T23:59:59.999+07:00`. */
export function formatInstantInZone(instant: Instant, zone: IndonesianTimeZone): string {
  const t = localDateTimeAt(instant, zone);
  return (
    `${t.date}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}.${pad(t.millisecond, 3)}` +
    offsetText(zone)
  );
}

function utcMidnightMillis(date: LocalDate): number {
  assertLocalDate(date);
  const [year, month, day] = date.split('-').map(Number);
  return Date.UTC(year, month - 1, day);
}

/** The first moment of a local date in a zone. */
export function startOfLocalDay(date: LocalDate, zone: IndonesianTimeZone): Date {
  return new Date(utcMidnightMillis(date) - offsetMinutesOf(zone) * MINUTE_MS);
}

/** The last millisecond of a local date in a zone. */
export function endOfLocalDay(date: LocalDate, zone: IndonesianTimeZone): Date {
  return new Date(startOfLocalDay(date, zone).getTime() + DAY_MS - 1);
}

export function addDays(date: LocalDate, days: number): LocalDate {
  if (!Number.isInteger(days)) throw new RangeError(`days must be an integer, got ${days}`);
  return new Date(utcMidnightMillis(date) + days * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The same day of the month `months` later; a day the target month does not have becomes its
 * last day (31 January + 1 month = 28 or 29 February).
 */
export function addMonths(date: LocalDate, months: number): LocalDate {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  assertLocalDate(date);
  const [year, month, day] = date.split('-').map(Number);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = (monthIndex % 12) + 1;
  const targetDay = Math.min(day, daysInMonth(targetYear, targetMonth));
  return `${pad(targetYear, 4)}-${pad(targetMonth, 2)}-${pad(targetDay, 2)}`;
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: LocalDate): number {
  return new Date(utcMidnightMillis(date)).getUTCDay();
}

export function yearOf(date: LocalDate): number {
  assertLocalDate(date);
  return Number(date.slice(0, 4));
}
