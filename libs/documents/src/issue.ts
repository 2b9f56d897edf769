import { createHash } from 'node:crypto';
import type { DocumentModel } from './model';
import { renderHtml } from './render/html';
import { renderPdf } from './render/pdf';
import { getTemplate } from './templates/registry';

/** What an event records about an issued document (the contracts' `IssuedDocument`). */
export interface IssuedDocumentRecord {
  number: string;
  templateCode: string;
  templateVersion: number;
  /** SHA-256 of the document's HTML rendering (see `issueDocument` for why the HTML). */
  sha256: string;
}

export interface RenderedDocument {
  model: DocumentModel;
  html: string;
  pdf: Buffer;
  issued: IssuedDocumentRecord;
  /** SHA-256 of the PDF, for the file store reference of the printed copy. */
  pdfSha256: string;
}

export class InvalidDocumentInputError extends Error {
  constructor(
    readonly templateCode: string,
    readonly templateVersion: number,
    /** Where the input is wrong; never the values (they are personal data). */
    readonly problems: string[],
  ) {
    super(`${templateCode} v${templateVersion}: ${problems.join('; ')}`);
    this.name = 'InvalidDocumentInputError';
  }
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The document model of a template version for this input; throws InvalidDocumentInputError. */
export function buildDocument(
  ref: { code: string; version: number },
  input: unknown,
): DocumentModel {
  const template = getTemplate(ref.code, ref.version);
  const parsed = template.input.safeParse(input);
  if (!parsed.success) {
    throw new InvalidDocumentInputError(
      ref.code,
      ref.version,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.code}`),
    );
  }
  return template.build(parsed.data);
}

/** The HTML and the record an event keeps, without the PDF (cheap: for checks and previews). */
export function renderDocumentHtml(
  ref: { code: string; version: number },
  input: unknown,
): { model: DocumentModel; html: string; issued: IssuedDocumentRecord } {
  const model = buildDocument(ref, input);
  const html = renderHtml(model);
  return {
    model,
    html,
    issued: {
      number: model.number,
      templateCode: model.templateCode,
      templateVersion: model.templateVersion,
      sha256: sha256(html),
    },
  };
}

/**
 * Issues a document: HTML and PDF from one model, and the record for the event (number,
 * template, version, SHA-256). The recorded hash is the HTML's: its bytes depend only on this
 * library's code and the template version, while the PDF's also depend on the pdfkit version
 * (it is byte-identical for a given pdfkit, and its own hash goes with it into the file store).
 */
export async function issueDocument(
  ref: { code: string; version: number },
  input: unknown,
): Promise<RenderedDocument> {
  const { model, html, issued } = renderDocumentHtml(ref, input);
  const pdf = await renderPdf(model);
  return { model, html, pdf, issued, pdfSha256: sha256(pdf) };
}

/** True when re-rendering the template version from the same input gives the recorded hash. */
export function verifyIssuedDocument(issued: IssuedDocumentRecord, input: unknown): boolean {
  const again = renderDocumentHtml(
    { code: issued.templateCode, version: issued.templateVersion },
    input,
  );
  return again.issued.sha256 === issued.sha256 && again.issued.number === issued.number;
}

/**
 * A document number: `<prefix>/<sequence, 4 digits>/<office code>/<year>`, e.g.
 * `BAST/0012/3603/2026`. The year is the office's (see @dinsos/service-standards
 * OfficeDirectory.caseNumberYear); the sequence is the issuing service's.
 */
export function formatDocumentNumber(parts: {
  prefix: string;
  sequence: number;
  officeCode: string;
  year: number;
}): string {
  if (!Number.isSafeInteger(parts.sequence) || parts.sequence < 1)
    throw new RangeError('sequence must be a whole number ≥ 1');
  return `${parts.prefix}/${String(parts.sequence).padStart(4, '0')}/${parts.officeCode}/${parts.year}`;
}
