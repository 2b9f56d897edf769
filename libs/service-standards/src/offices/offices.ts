import {
  formatInstantInZone,
  isIndonesianTimeZone,
  localDateAt,
  type IndonesianTimeZone,
  type Instant,
  type LocalDate,
} from './time-zones';

/** A social-affairs office (Dinas Sosial), named by the Kemendagri code of its region. */
export interface Office {
  /** Kemendagri region code: `36` for the province, `3601`–`3674` for its regencies and cities. */
  code: string;
  /** The region, as the office's letterhead names it. */
  regionName: string;
  /** The office, e.g. `Dinas Sosial Kabupaten Pandeglang`. */
  officeName: string;
  level: 'province' | 'regency' | 'city';
  /** The province office above a regency/city office. */
  parentCode?: string;
  /** Dates that belong to the office (case numbers, due dates) are in this zone. */
  timeZone: IndonesianTimeZone;
}

/** The province of Banten (`36`) and its four regencies and four cities, all on WIB. */
export const bantenOffices: readonly Office[] = [
  {
    code: '36',
    regionName: 'Provinsi Banten',
    officeName: 'Dinas Sosial Provinsi Banten',
    level: 'province',
    timeZone: 'Asia/Jakarta',
  },
  ...(
    [
      ['3601', 'Kabupaten Pandeglang', 'regency'],
      ['3602', 'Kabupaten Lebak', 'regency'],
      ['3603', 'Kabupaten Tangerang', 'regency'],
      ['3604', 'Kabupaten Serang', 'regency'],
      ['3671', 'Kota Tangerang', 'city'],
      ['3672', 'Kota Cilegon', 'city'],
      ['3673', 'Kota Serang', 'city'],
      ['3674', 'Kota Tangerang Selatan', 'city'],
    ] as const
  ).map(([code, regionName, level]): Office => ({
    code,
    regionName,
    officeName: `Dinas Sosial ${regionName}`,
    level,
    parentCode: '36',
    timeZone: 'Asia/Jakarta',
  })),
];

export class UnknownOfficeError extends Error {
  constructor(readonly officeCode: string) {
    super(`unknown office ${JSON.stringify(officeCode)}`);
    this.name = 'UnknownOfficeError';
  }
}

const OFFICE_CODE = /^\d{2}(\d{2})?$/;

/** The offices the system knows, each with its time zone; dates of an office come from here. */
export class OfficeDirectory {
  private readonly byCode = new Map<string, Office>();

  constructor(offices: readonly Office[]) {
    for (const office of offices) {
      if (!OFFICE_CODE.test(office.code)) {
        throw new Error(`office code ${office.code} is not a 2- or 4-digit Kemendagri code`);
      }
      if (!isIndonesianTimeZone(office.timeZone)) {
        throw new Error(`office ${office.code}: ${office.timeZone} is not WIB, WITA or WIT`);
      }
      if (this.byCode.has(office.code)) throw new Error(`office ${office.code} is listed twice`);
      this.byCode.set(office.code, Object.freeze({ ...office }));
    }
    for (const office of this.byCode.values()) {
      if (office.parentCode !== undefined && !this.byCode.has(office.parentCode)) {
        throw new Error(`office ${office.code}: parent office ${office.parentCode} is not listed`);
      }
    }
  }

  /** A directory with more offices (e.g. one in WITA or WIT). */
  with(offices: readonly Office[]): OfficeDirectory {
    return new OfficeDirectory([...this.byCode.values(), ...offices]);
  }

  has(code: string): boolean {
    return this.byCode.has(code);
  }

  get(code: string): Office {
    const office = this.byCode.get(code);
    if (!office) throw new UnknownOfficeError(code);
    return office;
  }

  all(): Office[] {
    return [...this.byCode.values()];
  }

  /** The office-calendar date of an instant. */
  localDate(code: string, instant: Instant): LocalDate {
    return localDateAt(instant, this.get(code).timeZone);
  }

  /** The year a case number takes: the office's year at that instant. */
  caseNumberYear(code: string, instant: Instant): number {
    return Number(this.localDate(code, instant).slice(0, 4));
  }

  /** The instant as ISO-8601 with the office's offset, as events state due dates. */
  formatInstant(code: string, instant: Instant): string {
    return formatInstantInZone(instant, this.get(code).timeZone);
  }
}

export const bantenOfficeDirectory = new OfficeDirectory(bantenOffices);
