import type { ClientDescription, DocumentOffice, Party, StandardBasis } from '../templates/common';
import {
  factName,
  MissingDocumentFactError,
  printable,
  type DocumentDirectory,
  type DocumentFact,
} from './document-facts';
import { clientDescription, partyOf } from './people';

type Plain = Record<string, unknown>;

const clientCategories = [
  'neglectedChild',
  'neglectedElderly',
  'personWithDisability',
  'otherPpks',
] as const;
type ClientCategory = ClientDescription['category'];
const isClientCategory = (value: unknown): value is ClientCategory =>
  (clientCategories as readonly unknown[]).includes(value);

/** An office code (`36`, `3603`), as opposed to a district's or village's region code. */
const officeCodePattern = /^\d{2}(\d{2})?$/;

/**
 * What a builder renders a document from: the issuing event, the facts recorded before it (in
 * order), the number to print, the issuing office's letterhead and the case's standard.
 */
export class IssuingContext {
  readonly payload: Plain;
  readonly office: DocumentOffice;
  readonly standard: StandardBasis;

  constructor(
    readonly issuing: DocumentFact,
    readonly before: readonly DocumentFact[],
    readonly directory: DocumentDirectory,
    readonly number: string,
  ) {
    this.payload = issuing.payload;
    const pinned = issuing.serviceStandard;
    if (!pinned) this.missing("the case's service standard (the issuing event's envelope)");
    this.office = directory.office(issuing.officeCode, pinned);
    this.standard = directory.standard(pinned);
  }

  missing(what: string): never {
    throw new MissingDocumentFactError(this.issuing.type, what);
  }

  /** A field of the issuing event, checked printable; absent → MissingDocumentFactError. */
  required<T = unknown>(field: string): T {
    const value = this.optional<T>(field);
    if (value === undefined || value === null || value === '') {
      this.missing(`${field} in ${this.issuing.type}`);
    }
    return value;
  }

  /** A field of the issuing event, checked printable (an erased one throws). */
  optional<T = unknown>(field: string): T | undefined {
    return printable(this.payload[field], factName(this.issuing, field)) as T | undefined;
  }

  /** A person the issuing event names (a ContactPerson, decrypted), as a party. */
  party(person: unknown, field: string): Party {
    if (!person || typeof person !== 'object') this.missing(`${field} in ${this.issuing.type}`);
    return partyOf(person as Plain, factName(this.issuing, field));
  }

  /** The latest fact of one of these types before the issuing event, matching `where`. */
  latest(types: readonly string[], where: (fact: DocumentFact) => boolean = () => true) {
    for (let i = this.before.length - 1; i >= 0; i--) {
      const fact = this.before[i];
      if (types.includes(fact.type) && where(fact)) return fact;
    }
    return undefined;
  }

  /** The case number: placement's PlacementOpened, else intake's ReportReceived or CaseOpened. */
  caseNumber(): string {
    const withNumber = (fact: DocumentFact) => typeof fact.payload.caseNumber === 'string';
    const fact =
      this.latest(['PlacementOpened'], withNumber) ??
      this.latest(['ReportReceived', 'CaseOpened'], withNumber);
    if (!fact) this.missing('the case number (PlacementOpened, ReportReceived or CaseOpened)');
    return fact.payload.caseNumber as string;
  }

  /**
   * The client as the latest of `types` before the issuing event registers them, in the case's
   * category (PlacementOpened, ReportReceived or CaseOpened; else the registration's own).
   */
  client(types: readonly string[]): ClientDescription {
    const registration = this.latest(types);
    if (!registration) this.missing(`the client's identity (${types.join(' or ')})`);
    const withCategory = (fact: DocumentFact) => isClientCategory(fact.payload.clientCategory);
    const caseFact =
      this.latest(['PlacementOpened'], withCategory) ??
      this.latest(['ReportReceived', 'CaseOpened'], withCategory);
    const category = caseFact?.payload.clientCategory ?? registration.payload.category;
    if (!isClientCategory(category)) this.missing("the client's category");
    return clientDescription(registration.payload, category, factName(registration));
  }

  /**
   * The town an organisation is addressed in: the region of the office its region code names,
   * when it names one; else the issuing office's region.
   */
  townOf(organisation: { regionCode?: unknown }): string {
    const code = organisation.regionCode;
    if (typeof code === 'string' && officeCodePattern.test(code)) {
      let office: DocumentOffice | undefined;
      try {
        office = this.directory.office(code);
      } catch {
        office = undefined; // a region code of office form, but no office of the directory
      }
      if (office?.regionName) return office.regionName;
    }
    return this.office.regionName;
  }
}
