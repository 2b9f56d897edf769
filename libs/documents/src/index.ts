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
