import type { DocumentOffice, StandardBasis } from '../templates/common';

/**
 * One recorded event of the case, its personal fields decrypted (an erased field holds the
 * contracts' erased marker { erased: true, keyId }).
 */
export interface DocumentFact {
  eventId: string;
  type: string;
  occurredAt: string;
  officeCode: string;
  serviceStandard?: { code: string; version: number };
  payload: Record<string, unknown>;
}

/** Letterheads and standard titles: static data the caller resolves (from @dinsos/service-standards). */
export interface DocumentDirectory {
  office(officeCode: string, standard?: { code: string; version: number }): DocumentOffice;
  standard(ref: { code: string; version: number }): StandardBasis;
}

/** A fact the document needs is not among the facts given (or not in the issuing event). */
export class MissingDocumentFactError extends Error {
  constructor(
    /** The event type that issues the document. */
    readonly issuingType: string,
    /** What is missing, in words; never a value. */
    readonly missing: string,
  ) {
    super(`the document of ${issuingType} needs ${missing}, which the facts given do not hold`);
    this.name = 'MissingDocumentFactError';
  }
}

/**
 * A personal field the document prints was erased (its data subject's key is gone): the
 * document can no longer be rendered from the events, by anyone.
 */
export class ErasedDocumentFactError extends Error {
  constructor(
    /** Which fact, e.g. `ClientRegistered 5d0c…: name`; never a value. */
    readonly what: string,
  ) {
    super(`${what} was erased: the document cannot be rendered from the events any more`);
    this.name = 'ErasedDocumentFactError';
  }
}

/** A fact still in its stored form: the caller decrypts the facts first (the kit's documentFactsOf). */
export class EncryptedDocumentFactError extends Error {
  constructor(readonly what: string) {
    super(`${what} is still encrypted: give the facts decrypted (the kit's documentFactsOf)`);
    this.name = 'EncryptedDocumentFactError';
  }
}

function isErasedMarker(value: object): boolean {
  return (value as { erased?: unknown }).erased === true && 'keyId' in value;
}

function isEncryptedField(value: object): boolean {
  return ['keyId', 'iv', 'ct', 'tag'].every((key) => key in value);
}

/**
 * A value a document prints, checked at any depth: an erased marker throws
 * ErasedDocumentFactError, a value left encrypted EncryptedDocumentFactError.
 */
export function printable<T>(value: T, what: string): T {
  if (value === null || typeof value !== 'object') return value;
  if (isErasedMarker(value)) throw new ErasedDocumentFactError(what);
  if (isEncryptedField(value)) throw new EncryptedDocumentFactError(what);
  for (const [key, inner] of Object.entries(value)) printable(inner, `${what}.${key}`);
  return value;
}

/** A non-empty string a document prints, or undefined when there is none. */
export function text(value: unknown, what: string): string | undefined {
  const checked = printable(value, what);
  return typeof checked === 'string' && checked.length > 0 ? checked : undefined;
}

/** Where a fact sits, to name it in an error: type and event id, never a value. */
export function factName(fact: DocumentFact, field?: string): string {
  return `${fact.type} ${fact.eventId}${field ? `: ${field}` : ''}`;
}
