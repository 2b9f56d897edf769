import { renderDocumentHtml, type IssuedDocumentRecord } from '../issue';
import {
  ErasedDocumentFactError,
  MissingDocumentFactError,
  type DocumentDirectory,
  type DocumentFact,
} from './document-facts';
import { officeReferralLetter, shelterHandoverBast } from './intake-documents';
import { IssuingContext } from './issuing-context';
import {
  healthReferralLetter,
  institutionReferralLetter,
  lksHandoverBast,
  lksReferralLetter,
  returnHomeRecord,
} from './placement-documents';

/**
 * Documents regenerated from the events alone. Every document an event issues is rendered from
 * that event and the facts recorded before it, by one function (`documentInputOf`) that the
 * issuing service calls before it records the event and an auditor calls afterwards: the same
 * facts give the same bytes. The facts of a case are its events in the store's order (by the
 * envelope's caseId) and, for a client registered in an earlier case, the client's stream,
 * each decrypted (the kit's documentFactsOf).
 */

interface IssuingEvent {
  /** Where the event's payload holds its IssuedDocument. */
  field: string;
  /** The template new documents are issued from. */
  template: { code: string; version: number };
  /** The number series, also the number's prefix. */
  series: string;
}

const surat = { code: 'surat-rujukan', version: 1 } as const;

/** For each event type that issues a document: where its IssuedDocument is in the payload, its template and number series. */
export const documentIssuingEvents: Readonly<Record<string, IssuingEvent>> = Object.freeze({
  ClientHandedOverToShelter: {
    field: 'bast',
    template: { code: 'bast-rumah-singgah', version: 1 },
    series: 'BAST',
  },
  CaseReferredToOffice: { field: 'letter', template: surat, series: 'SR' },
  ClientReturnedHome: {
    field: 'beritaAcaraPemulangan',
    template: { code: 'berita-acara-pemulangan', version: 1 },
    series: 'BAP',
  },
  ClientHandedOverToLks: {
    field: 'bast',
    template: { code: 'bast-lks', version: 1 },
    series: 'BAST',
  },
  HealthReferralIssued: { field: 'letter', template: surat, series: 'SR' },
  InstitutionReferralIssued: { field: 'letter', template: surat, series: 'SR' },
  LksReferralMade: { field: 'letter', template: surat, series: 'SR' },
});

const builders: Readonly<Record<string, (context: IssuingContext) => unknown>> = {
  ClientHandedOverToShelter: shelterHandoverBast,
  CaseReferredToOffice: officeReferralLetter,
  ClientReturnedHome: returnHomeRecord,
  ClientHandedOverToLks: lksHandoverBast,
  HealthReferralIssued: healthReferralLetter,
  InstitutionReferralIssued: institutionReferralLetter,
  LksReferralMade: lksReferralLetter,
};

/**
 * The template and input of the document `issuing` issues, from `facts` (the case's events up
 * to, and including or before, `issuing`, in order) and the number to print. Throws a clear
 * error when a fact it needs is missing (MissingDocumentFactError), was erased
 * (ErasedDocumentFactError) or is still encrypted (EncryptedDocumentFactError).
 */
export function documentInputOf(
  facts: readonly DocumentFact[],
  issuing: DocumentFact,
  directory: DocumentDirectory,
  number: string,
): { template: { code: string; version: number }; input: unknown } {
  const kind = documentIssuingEvents[issuing.type];
  const build = builders[issuing.type];
  if (!kind || !build) throw new TypeError(`${issuing.type} issues no document`);
  const at = facts.findIndex((fact) => fact.eventId === issuing.eventId);
  const before = at === -1 ? facts : facts.slice(0, at);
  return {
    template: kind.template,
    input: build(new IssuingContext(issuing, before, directory, number)),
  };
}

export interface RegeneratedDocument {
  /**
   * 'matches': the same template, number and SHA-256 as recorded; 'mismatch': rendered, but not
   * what was recorded; 'erased': a personal field it prints was erased, so it cannot be rendered
   * (never a mismatch).
   */
  status: 'matches' | 'mismatch' | 'erased';
  /** What the issuing event recorded. */
  recorded: IssuedDocumentRecord;
  /** What rendering again gives (absent when erased). */
  regenerated?: IssuedDocumentRecord;
  /** The regenerated HTML (absent when erased). */
  html?: string;
}

function recordedDocument(issuing: DocumentFact, field: string): IssuedDocumentRecord {
  const value = issuing.payload[field] as Partial<IssuedDocumentRecord> | undefined;
  if (
    !value ||
    typeof value.number !== 'string' ||
    typeof value.templateCode !== 'string' ||
    typeof value.templateVersion !== 'number' ||
    typeof value.sha256 !== 'string'
  ) {
    throw new MissingDocumentFactError(issuing.type, `the issued document in ${field}`);
  }
  return {
    number: value.number,
    templateCode: value.templateCode,
    templateVersion: value.templateVersion,
    sha256: value.sha256,
  };
}

/**
 * Regenerates the document an event issued and compares it: rendered with the template version
 * and number the event recorded, from the facts before it. 'matches', 'mismatch' (with both
 * records), or 'erased' when a personal field it needs was erased (never a mismatch then).
 */
export function regenerateIssuedDocument(
  facts: readonly DocumentFact[],
  issuingEventId: string,
  directory: DocumentDirectory,
): RegeneratedDocument {
  const issuing = facts.find((fact) => fact.eventId === issuingEventId);
  if (!issuing) throw new RangeError(`no event ${issuingEventId} among the facts given`);
  const kind = documentIssuingEvents[issuing.type];
  if (!kind) throw new TypeError(`${issuing.type} issues no document`);
  const recorded = recordedDocument(issuing, kind.field);
  let input: unknown;
  try {
    input = documentInputOf(facts, issuing, directory, recorded.number).input;
  } catch (error) {
    if (error instanceof ErasedDocumentFactError) return { status: 'erased', recorded };
    throw error;
  }
  const { html, issued } = renderDocumentHtml(
    { code: recorded.templateCode, version: recorded.templateVersion },
    input,
  );
  const same =
    issued.sha256 === recorded.sha256 &&
    issued.number === recorded.number &&
    issued.templateCode === recorded.templateCode &&
    issued.templateVersion === recorded.templateVersion;
  return { status: same ? 'matches' : 'mismatch', recorded, regenerated: issued, html };
}
