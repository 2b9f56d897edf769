import {
  indonesianTimeZones,
  localDateTimeAt,
  type IndonesianTimeZone,
  type Instant,
  type LocalDate,
} from '@dinsos/service-standards';

/**
 * Dates and numbers the way Indonesian official documents write them, formatted by hand: `Intl`
 * output depends on the ICU version of the Node build, and a re-rendered document must be
 * byte-identical for as long as it may be audited.
 */

export const dayNames = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'] as const;
export const monthNames = [
  'Januari',
  'Februari',
  'Maret',
  'April',
  'Mei',
  'Juni',
  'Juli',
  'Agustus',
  'September',
  'Oktober',
  'November',
  'Desember',
] as const;

const ones = ['', 'satu', 'dua', 'tiga', 'empat', 'lima', 'enam', 'tujuh', 'delapan', 'sembilan'];

function below1000(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const parts: string[] = [];
  if (hundreds === 1) parts.push('seratus');
  else if (hundreds > 1) parts.push(`${ones[hundreds]} ratus`);
  if (rest === 10) parts.push('sepuluh');
  else if (rest === 11) parts.push('sebelas');
  else if (rest > 11 && rest < 20) parts.push(`${ones[rest - 10]} belas`);
  else if (rest >= 20) {
    parts.push(`${ones[Math.floor(rest / 10)]} puluh`);
    if (rest % 10) parts.push(ones[rest % 10]);
  } else if (rest > 0) parts.push(ones[rest]);
  return parts.join(' ');
}

/** A whole number in Indonesian words ("terbilang"): 2026 → "dua ribu dua puluh enam". */
export function terbilang(value: number): string {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 1e12) {
    throw new RangeError(`terbilang takes a whole number from 0 to 999 999 999 999, got ${value}`);
  }
  if (value === 0) return 'nol';
  const scales: Array<[number, string]> = [
    [1e9, 'miliar'],
    [1e6, 'juta'],
    [1e3, 'ribu'],
  ];
  const parts: string[] = [];
  let rest = value;
  for (const [size, name] of scales) {
    const count = Math.floor(rest / size);
    rest %= size;
    if (count === 0) continue;
    parts.push(size === 1e3 && count === 1 ? 'seribu' : `${below1000(count)} ${name}`);
  }
  if (rest > 0) parts.push(below1000(rest));
  return parts.join(' ');
}

/** 1234567 → "1.234.567" (Indonesian thousands separator). */
export function formatInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`not a whole number: ${value}`);
  const digits = String(Math.abs(value));
  let grouped = '';
  for (let i = 0; i < digits.length; i++) {
    if (i > 0 && (digits.length - i) % 3 === 0) grouped += '.';
    grouped += digits[i];
  }
  return value < 0 ? `-${grouped}` : grouped;
}

function dateParts(date: LocalDate): { year: number; month: number; day: number; weekday: number } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return { year, month, day, weekday: new Date(Date.UTC(year, month - 1, day)).getUTCDay() };
}

/** "2 Maret 2026". */
export function formatDate(date: LocalDate): string {
  const { year, month, day } = dateParts(date);
  return `${day} ${monthNames[month - 1]} ${year}`;
}

/** "Senin, 2 Maret 2026". */
export function formatDateWithDay(date: LocalDate): string {
  return `${dayNames[dateParts(date).weekday]}, ${formatDate(date)}`;
}

/** "hari Senin tanggal dua bulan Maret tahun dua ribu dua puluh enam", as berita acara open. */
export function formatDateInWords(date: LocalDate): string {
  const { year, month, day, weekday } = dateParts(date);
  return `hari ${dayNames[weekday]} tanggal ${terbilang(day)} bulan ${monthNames[month - 1]} tahun ${terbilang(year)}`;
}

/** An instant as the office's wall clock: { date, time "21.10 WIB" }. */
export function officeDateTime(
  instant: Instant,
  zone: IndonesianTimeZone,
): { date: LocalDate; time: string } {
  const t = localDateTimeAt(instant, zone);
  const time = `${String(t.hour).padStart(2, '0')}.${String(t.minute).padStart(2, '0')} ${indonesianTimeZones[zone].abbreviation}`;
  return { date: t.date, time };
}

/** "8 (delapan) tahun". */
export function formatYears(years: number): string {
  return `${formatInteger(years)} (${terbilang(years)}) tahun`;
}
