import type { IndonesianTimeZone } from '@dinsos/service-standards';

/**
 * A document as content, independent of its format: the HTML and the PDF are both rendered from
 * it, so they always say the same thing.
 */
export interface DocumentModel {
  templateCode: string;
  templateVersion: number;
  /** The document number as printed. */
  number: string;
  /** When it was issued (ISO-8601 with offset); also the PDF's creation date. */
  issuedAt: string;
  timeZone: IndonesianTimeZone;
  /** The document's title, e.g. "BERITA ACARA SERAH TERIMA KLIEN". */
  title: string;
  /** Who issues it (the office), for the PDF's metadata. */
  author: string;
  blocks: Block[];
}

export type Block =
  /** The office's letterhead (kop surat): government, office, address. */
  | { kind: 'letterhead'; lines: string[]; address: string }
  /** A centred, bold title with the document number under it. */
  | { kind: 'title'; text: string; number?: string }
  | { kind: 'heading'; text: string }
  | { kind: 'paragraph'; text: string; align?: 'left' | 'justify' }
  /** Label : value rows (identity of a party, letter header). */
  | { kind: 'fields'; rows: Array<{ label: string; value: string }> }
  | { kind: 'list'; ordered: boolean; items: string[] }
  /** Signature columns; `dateLine` (place, date) is printed above the last column. */
  | { kind: 'signatures'; dateLine?: string; parties: SignatureParty[] };

export interface SignatureParty {
  /** What the party signs as: "PIHAK PERTAMA", "Kepala Dinas Sosial …". */
  caption: string;
  name: string;
  /** Under the name: position, NIP, relationship. */
  details: string[];
}
