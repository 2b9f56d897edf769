/**
 * Official documents from versioned templates, deterministic: the same input and template
 * version give byte-identical HTML (and, for one pdfkit version, a byte-identical PDF).
 *
 * - Issue: `issueDocument({ code, version }, input)` → `{ model, html, pdf, issued, pdfSha256 }`
 *   where `issued` is what the event records (number, templateCode, templateVersion, sha256);
 *   `renderDocumentHtml`, `buildDocument`, `verifyIssuedDocument(issued, input)`,
 *   `formatDocumentNumber`.
 * - Templates (v1): `bast-rumah-singgah`, `bast-lks` (BAST), `berita-acara-pemulangan`,
 *   `surat-rujukan` (referral letters: return home, health facility, institution, LKS, office);
 *   `documentTemplates`, `getTemplate`, `latestTemplate`; input types `BastInput`,
 *   `BeritaAcaraPemulanganInput`, `SuratRujukanInput`.
 * - Rendering: `renderHtml(model)`, `renderPdf(model)`, `DocumentModel`, `Block`.
 * - Documents of a case, regenerable from its events alone (`case-documents/`): `DocumentFact`
 *   (one event, decrypted), `DocumentDirectory` (letterheads and standard titles),
 *   `documentIssuingEvents` (the events that issue a document: field, template, series),
 *   `documentInputOf(facts, issuing, directory, number)` (what the issuing service renders) and
 *   `regenerateIssuedDocument(facts, eventId, directory)` ('matches' | 'mismatch' | 'erased',
 *   for auditors); `clientDescription`, `partyOf`; `MissingDocumentFactError`,
 *   `ErasedDocumentFactError`, `EncryptedDocumentFactError`.
 * - Indonesian formatting without `Intl`: `formatDate`, `formatDateWithDay`,
 *   `formatDateInWords`, `terbilang`, `formatInteger`, `officeDateTime`.
 */
export {
  issueDocument,
  renderDocumentHtml,
  buildDocument,
  verifyIssuedDocument,
  formatDocumentNumber,
  InvalidDocumentInputError,
} from './issue';
export type { IssuedDocumentRecord, RenderedDocument } from './issue';
export {
  documentTemplates,
  getTemplate,
  latestTemplate,
  UnknownTemplateError,
} from './templates/registry';
export type {
  DocumentTemplate,
  DocumentOffice,
  Party,
  ClientDescription,
  StandardBasis,
} from './templates/common';
export type { BastInput } from './templates/bast.v1';
export type { BeritaAcaraPemulanganInput } from './templates/berita-acara-pemulangan.v1';
export type { SuratRujukanInput } from './templates/surat-rujukan.v1';
export { referralKinds } from './templates/surat-rujukan.v1';
export { renderHtml, escapeHtml } from './render/html';
export { renderPdf } from './render/pdf';
export type { DocumentModel, Block, SignatureParty } from './model';
export {
  formatDate,
  formatDateWithDay,
  formatDateInWords,
  terbilang,
  formatInteger,
  officeDateTime,
  formatYears,
} from './format/indonesian';
export {
  clientDescription,
  documentInputOf,
  documentIssuingEvents,
  EncryptedDocumentFactError,
  ErasedDocumentFactError,
  institutionReferralReason,
  lksReferralReason,
  MissingDocumentFactError,
  officeReferralReasons,
  partyOf,
  regenerateIssuedDocument,
} from './case-documents';
export type { DocumentDirectory, DocumentFact, RegeneratedDocument } from './case-documents';
