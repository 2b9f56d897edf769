/**
 * The values the band and generalise rules give, from a personal field's plaintext. Pure: the
 * plaintext comes in already decrypted, and `undefined` means "nothing safe to say" (the field is
 * then left out, as dropped).
 */

const BAND_YEARS = 5;
/** Ages from here up share one band: the oldest ages are the rarest, so each would stand out. */
export const TOP_AGE_BAND_FROM = 80;

/** `0-4`, `5-9`, …, `75-79`, then `80+`. */
export function ageBandOfYears(years: number): string | undefined {
  if (!Number.isInteger(years) || years < 0 || years > 150) return undefined;
  if (years >= TOP_AGE_BAND_FROM) return `${TOP_AGE_BAND_FROM}+`;
  const from = Math.floor(years / BAND_YEARS) * BAND_YEARS;
  return `${from}-${from + BAND_YEARS - 1}`;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateParts(date: string): [number, number, number] | undefined {
  const match = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return undefined;
  return [year, month, day];
}

/** Completed years between a birth date and a day (both `YYYY-MM-DD`); undefined if not a date. */
export function ageOn(dateOfBirth: string, day: string): number | undefined {
  const born = dateParts(dateOfBirth);
  const on = dateParts(day);
  if (!born || !on) return undefined;
  const hadBirthday = on[1] > born[1] || (on[1] === born[1] && on[2] >= born[2]);
  return on[0] - born[0] - (hadBirthday ? 0 : 1);
}

/**
 * A birth date leaves the feed only as the age band on the event's day: the date itself, or even
 * its year, with an office and a day, narrows a child down too far.
 */
export function ageBandOn(dateOfBirth: string, day: string): string | undefined {
  const age = ageOn(dateOfBirth, day);
  return age === undefined ? undefined : ageBandOfYears(age);
}

/** What the band rule makes of a plaintext: a birth date (on the event's day) or a number of years. */
export function bandValue(plaintext: unknown, eventDay: string): string | undefined {
  if (typeof plaintext === 'number') return ageBandOfYears(plaintext);
  if (typeof plaintext === 'string') return ageBandOn(plaintext, eventDay);
  return undefined;
}

/** A place made coarse: its province and regency/city, as 2 and 4 digit Kemendagri codes. */
export interface GeneralisedPlace {
  provinceCode?: string;
  regencyCode?: string;
}

/** `36.03.05.2001`, `3603052001`, `36.03` → its digits; undefined when not a region code. */
function regionDigits(code: unknown): string | undefined {
  if (typeof code !== 'string') return undefined;
  const digits = code.replace(/\./g, '');
  return /^\d{2}(\d{2}(\d{2}(\d{4})?)?)?$/.test(digits) ? digits : undefined;
}

function placeOfCode(digits: string): GeneralisedPlace {
  return digits.length >= 4
    ? { provinceCode: digits.slice(0, 2), regencyCode: digits.slice(0, 4) }
    : { provinceCode: digits.slice(0, 2) };
}

/**
 * An address (the contracts' Address: line, village/district/regency/province codes,
 * description) or a place found (`regionCode`, description) becomes its regency: the regency code
 * as given, else the first four digits of the finest code given. Lines and descriptions never
 * leave. A place given only in words (a place of birth) becomes no region: a name cannot be
 * mapped to a code without a gazetteer, and a guess could be a wrong regency.
 */
export function generalisePlace(plaintext: unknown): GeneralisedPlace {
  if (!plaintext || typeof plaintext !== 'object' || Array.isArray(plaintext)) return {};
  const place = plaintext as Record<string, unknown>;
  const regency = regionDigits(place.regencyCode);
  if (regency && regency.length >= 4) return placeOfCode(regency);
  for (const finer of ['villageCode', 'districtCode', 'regionCode'] as const) {
    const digits = regionDigits(place[finer]);
    if (digits) return placeOfCode(digits);
  }
  const province = regionDigits(place.provinceCode);
  return province ? placeOfCode(province.slice(0, 2)) : {};
}
