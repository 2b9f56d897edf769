import type { EncryptedField } from '@dinsos/contracts';
import { formatDocumentNumber, issueDocument, type IssuedDocumentRecord } from '@dinsos/documents';
import { EncryptedFileStore } from '@dinsos/file-store';
import type { NumberSeries } from '../numbers/number-series';
import type { PersonalFields } from '../personal-data/personal-fields';

/** A document to issue for a case: which number it takes and what it says. */
export interface DocumentToIssue {
  /** The template (code and version) of @dinsos/documents. */
  template: { code: string; version: number };
  /** The number series, also the number's prefix: 'BAST', 'SR', 'BAP' … */
  series: string;
  caseId: string;
  /** Which document of the case: the number is reserved once per case and purpose. */
  purpose: string;
  /** The issuing office and its office-local year. */
  officeCode: string;
  year: number;
  /** The template's input, given the document's number. */
  input(number: string): unknown;
  /** Whose key encrypts the printed copy (the client's). */
  subjectId: string;
}

export interface IssuedDocument {
  /** What the event records: number, template and the SHA-256 of the rendering. */
  issued: IssuedDocumentRecord;
  /** The printed copy's file reference, encrypted under the subject's key, for the event. */
  file: EncryptedField;
  /** The printed copy (PDF), to answer the request that issued it. */
  pdf: Buffer;
}

/**
 * Issues a document of a case: the number is reserved once per case and purpose (a retried or
 * refused command reuses it), the template rendered from the facts given, and the printed copy
 * kept in the file store under the subject's key. Render before the command that records it;
 * the command's event carries `issued` and `file`.
 */
export class DocumentIssuer {
  constructor(
    private readonly numbers: NumberSeries,
    private readonly files: EncryptedFileStore,
    private readonly fields: PersonalFields,
  ) {}

  async issue(document: DocumentToIssue): Promise<IssuedDocument> {
    const reserved = await this.numbers.reserveDocumentNumber({
      series: document.series,
      caseId: document.caseId,
      purpose: document.purpose,
      officeCode: document.officeCode,
      year: document.year,
    });
    const number = formatDocumentNumber({
      prefix: document.series,
      sequence: reserved.sequence,
      officeCode: document.officeCode,
      year: reserved.year,
    });
    const rendered = await issueDocument(document.template, document.input(number));
    const stored = await this.files.put(document.subjectId, rendered.pdf, {
      mediaType: 'application/pdf',
    });
    return {
      issued: rendered.issued,
      file: await this.fields.encrypt(document.subjectId, EncryptedFileStore.referenceOf(stored)),
      pdf: rendered.pdf,
    };
  }
}
