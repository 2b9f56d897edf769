import { WorkingCalendar } from '../calendar/working-calendar';
import { bantenLksRegistry, type LksRegistry } from '../offices/lks-registry';
import {
  bantenComplaintContacts,
  type ComplaintContactRegistry,
} from '../offices/complaint-contacts';
import { bantenOffices, OfficeDirectory } from '../offices/offices';
import { isLocalDate, localDateAt, type Instant, type LocalDate } from '../offices/time-zones';
import { bantenRehabilitasiAnakTerlantarV1 } from './banten-rehsos-anak-terlantar.v1';
import { bekasiLayananRujukanV1 } from './bekasi-layanan-rujukan.v1';
import { dueDateOf, type DueDate } from '../time-limits/due-date';
import type { ServiceStandard, TimeLimit } from './service-standard';

/** Which office runs which standard, and from when (office-local dates, `until` exclusive). */
export interface StandardAssignment {
  officeCode: string;
  standardCode: string;
  /** Default: whenever a version of the standard is in force. */
  from?: LocalDate;
  until?: LocalDate;
  basis: string;
}

/** The pinned standard of a case, as events carry it (contracts' `ServiceStandardRef`). */
export interface PinnedStandard {
  code: string;
  version: number;
}

/** Both seeds, every version: a case pinned to a version keeps reading that version. */
export const seedStandards: readonly ServiceStandard[] = [
  bantenRehabilitasiAnakTerlantarV1,
  bekasiLayananRujukanV1,
];

/**
 * DESIGN.md section 2: the province office runs seed 000's standard; the regency and city offices
 * run seed 004's referral standard, adopted as their template.
 */
export const bantenAssignments: readonly StandardAssignment[] = bantenOffices.map((office) =>
  office.code === '36'
    ? {
        officeCode: office.code,
        standardCode: bantenRehabilitasiAnakTerlantarV1.code,
        basis: 'The province office runs its own standard (seed 000).',
      }
    : {
        officeCode: office.code,
        standardCode: bekasiLayananRujukanV1.code,
        basis:
          "Regency and city offices adopt Kabupaten Bekasi's referral standard (seed 004) as their template.",
      },
);

export class UnknownServiceStandardError extends Error {
  constructor(
    readonly standardCode: string,
    readonly version?: number | string,
  ) {
    super(
      version === undefined
        ? `unknown service standard ${standardCode}`
        : `unknown service standard ${standardCode} version ${String(version)}`,
    );
    this.name = 'UnknownServiceStandardError';
  }
}

export class NoStandardInForceError extends Error {
  constructor(
    readonly subject: string,
    readonly date: LocalDate,
  ) {
    super(`no service standard in force for ${subject} on ${date}`);
    this.name = 'NoStandardInForceError';
  }
}

export class AmbiguousStandardError extends Error {
  constructor(
    readonly officeCode: string,
    readonly date: LocalDate,
    readonly standardCodes: string[],
  ) {
    super(
      `office ${officeCode} runs ${standardCodes.join(', ')} on ${date}: name the standard to pin`,
    );
    this.name = 'AmbiguousStandardError';
  }
}

export interface ServiceStandardCatalogueOptions {
  standards?: readonly ServiceStandard[];
  offices?: OfficeDirectory;
  assignments?: readonly StandardAssignment[];
  /** Working days for due dates; default: national holidays (holidays.ts). */
  calendar?: WorkingCalendar;
  /** The LKS each office refers to; default: `bantenLksRegistry` (illustrative demo data). */
  lksRegistry?: LksRegistry;
  /**
   * Each office's complaint contacts (the channel kinds are its standard's, the addresses its
   * own); default: `bantenComplaintContacts` (the province's real ones, the others illustrative).
   */
  complaintContacts?: ComplaintContactRegistry;
}

/**
 * The standards, their versions and which office runs which, with "in force at date D". The date
 * of an office is its own: an instant is turned into the office's calendar date first.
 */
export class ServiceStandardCatalogue {
  readonly offices: OfficeDirectory;
  readonly calendar: WorkingCalendar;
  /** The LKS each office works with (seed 004 steps 6–7, institution care of seed 000). */
  readonly lks: LksRegistry;
  /** Where each office's complainants reach it, by channel (`of(officeCode)`). */
  readonly complaintContacts: ComplaintContactRegistry;
  private readonly versionsByCode = new Map<string, ServiceStandard[]>();
  private readonly assignments: readonly StandardAssignment[];

  constructor(options: ServiceStandardCatalogueOptions = {}) {
    this.offices = options.offices ?? new OfficeDirectory(bantenOffices);
    this.calendar = options.calendar ?? new WorkingCalendar();
    this.lks = options.lksRegistry ?? bantenLksRegistry;
    for (const officeCode of this.lks.officeCodes()) this.offices.get(officeCode);
    this.complaintContacts = options.complaintContacts ?? bantenComplaintContacts;
    for (const officeCode of this.complaintContacts.officeCodes()) this.offices.get(officeCode);
    for (const standard of options.standards ?? seedStandards) {
      const versions = this.versionsByCode.get(standard.code) ?? [];
      versions.push(standard);
      this.versionsByCode.set(standard.code, versions);
    }
    for (const [code, versions] of this.versionsByCode) {
      versions.sort((a, b) => a.version - b.version);
      for (let i = 1; i < versions.length; i++) {
        if (versions[i].version === versions[i - 1].version) {
          throw new Error(`service standard ${code} v${versions[i].version} is listed twice`);
        }
        if (versions[i].inForceFrom <= versions[i - 1].inForceFrom) {
          throw new Error(
            `service standard ${code} v${versions[i].version} must come into force after v${versions[i - 1].version}`,
          );
        }
      }
    }
    this.assignments = options.assignments ?? bantenAssignments;
    for (const assignment of this.assignments) {
      this.offices.get(assignment.officeCode);
      if (!this.versionsByCode.has(assignment.standardCode)) {
        throw new UnknownServiceStandardError(assignment.standardCode);
      }
      for (const date of [assignment.from, assignment.until]) {
        if (date !== undefined && !isLocalDate(date))
          throw new RangeError(`assignment date ${date} is not YYYY-MM-DD`);
      }
    }
  }

  /**
   * A catalogue with more standards, offices or assignments (later versions, another zone), or
   * another LKS registry.
   */
  with(extra: ServiceStandardCatalogueOptions): ServiceStandardCatalogue {
    return new ServiceStandardCatalogue({
      standards: [...[...this.versionsByCode.values()].flat(), ...(extra.standards ?? [])],
      offices: extra.offices ?? this.offices,
      assignments: [...this.assignments, ...(extra.assignments ?? [])],
      calendar: extra.calendar ?? this.calendar,
      lksRegistry: extra.lksRegistry ?? this.lks,
      complaintContacts: extra.complaintContacts ?? this.complaintContacts,
    });
  }

  /** Exactly the pinned version, whether or not it is still in force. */
  get(ref: { code: string; version: number | string }): ServiceStandard {
    const found = this.versionsByCode.get(ref.code)?.find((s) => s.version === Number(ref.version));
    if (!found) throw new UnknownServiceStandardError(ref.code, ref.version);
    return found;
  }

  codes(): string[] {
    return [...this.versionsByCode.keys()];
  }

  versions(code: string): ServiceStandard[] {
    const versions = this.versionsByCode.get(code);
    if (!versions) throw new UnknownServiceStandardError(code);
    return [...versions];
  }

  /** The version of a standard in force on an office-local date (the latest that started by then). */
  versionInForce(code: string, date: LocalDate): ServiceStandard {
    if (!isLocalDate(date)) throw new RangeError(`${date} is not a YYYY-MM-DD date`);
    const inForce = this.findVersionInForce(code, date);
    if (!inForce) throw new NoStandardInForceError(`standard ${code}`, date);
    return inForce;
  }

  /** Every standard the office runs at `at`: an instant, or an office-local `YYYY-MM-DD` date. */
  standardsOfOffice(officeCode: string, at: Instant | LocalDate): ServiceStandard[] {
    const date = this.officeDate(officeCode, at);
    return this.assignments
      .filter(
        (a) =>
          a.officeCode === officeCode &&
          (a.from === undefined || a.from <= date) &&
          (a.until === undefined || date < a.until),
      )
      .map((a) => this.findVersionInForce(a.standardCode, date))
      .filter((standard): standard is ServiceStandard => standard !== undefined);
  }

  /**
   * The standard an office runs at `at`; name it when the office runs several. Throws
   * NoStandardInForceError, AmbiguousStandardError, UnknownOfficeError.
   */
  standardInForce(
    officeCode: string,
    at: Instant | LocalDate,
    standardCode?: string,
  ): ServiceStandard {
    const date = this.officeDate(officeCode, at);
    const candidates = this.standardsOfOffice(officeCode, date).filter(
      (s) => standardCode === undefined || s.code === standardCode,
    );
    if (candidates.length === 0) {
      throw new NoStandardInForceError(
        standardCode ? `office ${officeCode} (${standardCode})` : `office ${officeCode}`,
        date,
      );
    }
    if (candidates.length > 1) {
      throw new AmbiguousStandardError(
        officeCode,
        date,
        candidates.map((s) => s.code),
      );
    }
    return candidates[0];
  }

  /**
   * The pin a case takes at intake: the version in force at the office on the day the report
   * was received, in the office's time zone. The case keeps it (read it back with `get`), even
   * after a later version comes into force.
   */
  pinAtIntake(officeCode: string, receivedAt: Instant, standardCode?: string): PinnedStandard {
    const standard = this.standardInForce(officeCode, receivedAt, standardCode);
    return { code: standard.code, version: standard.version };
  }

  /** When a clock of `limit` started at `startedAt` runs out, in the owning office's time zone. */
  dueDate(
    officeCode: string,
    limit: Pick<TimeLimit, 'amount' | 'unit'>,
    startedAt: Instant,
  ): DueDate {
    return dueDateOf(limit, startedAt, {
      timeZone: this.offices.get(officeCode).timeZone,
      calendar: this.calendar,
    });
  }

  private officeDate(officeCode: string, at: Instant | LocalDate): LocalDate {
    const office = this.offices.get(officeCode);
    return typeof at === 'string' && isLocalDate(at) ? at : localDateAt(at, office.timeZone);
  }

  private findVersionInForce(code: string, date: LocalDate): ServiceStandard | undefined {
    const versions = this.versionsByCode.get(code);
    if (!versions) throw new UnknownServiceStandardError(code);
    let inForce: ServiceStandard | undefined;
    for (const version of versions) if (version.inForceFrom <= date) inForce = version;
    if (inForce?.inForceUntil !== undefined && date >= inForce.inForceUntil) return undefined;
    return inForce;
  }
}

/** The seeds, the Banten offices and DESIGN.md's assignment of standards to offices. */
export const serviceStandards = new ServiceStandardCatalogue();
