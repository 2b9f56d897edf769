import PDFDocument from 'pdfkit';
import { instantMillisOf } from './instant';
import type { Block, DocumentModel } from '../model';

const PAGE = { size: 'A4' as const, margins: { top: 56, bottom: 56, left: 70, right: 56 } };
const FONT = { regular: 'Times-Roman', bold: 'Times-Bold' } as const;
const BODY_SIZE = 12;
const FIELD_INDENT = 28;
const FIELD_LABEL_WIDTH = 150;
const SIGNATURE_SPACE = 56;

type Doc = PDFKit.PDFDocument;

function contentWidth(doc: Doc): number {
  return doc.page.width - doc.page.margins.left - doc.page.margins.right;
}

function bottom(doc: Doc): number {
  return doc.page.height - doc.page.margins.bottom;
}

/** Starts a new page when `height` does not fit below the cursor. */
function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > bottom(doc)) doc.addPage();
}

function letterhead(doc: Doc, lines: string[], address: string): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  lines.forEach((line, index) => {
    doc
      .font(FONT.bold)
      .fontSize(index === lines.length - 1 ? 16 : 14)
      .text(line, left, doc.y, { width, align: 'center' });
  });
  doc.font(FONT.regular).fontSize(10).text(address, left, doc.y, { width, align: 'center' });
  const y = doc.y + 4;
  doc
    .lineWidth(2)
    .moveTo(left, y)
    .lineTo(left + width, y)
    .stroke();
  doc
    .lineWidth(0.5)
    .moveTo(left, y + 3)
    .lineTo(left + width, y + 3)
    .stroke();
  doc.x = left;
  doc.y = y + 14;
}

function fields(doc: Doc, rows: Array<{ label: string; value: string }>): void {
  const x = doc.page.margins.left + FIELD_INDENT;
  const valueX = x + FIELD_LABEL_WIDTH + 10;
  const valueWidth = contentWidth(doc) - FIELD_INDENT - FIELD_LABEL_WIDTH - 10;
  doc.font(FONT.regular).fontSize(BODY_SIZE);
  for (const row of rows) {
    const height = Math.max(
      doc.heightOfString(row.label, { width: FIELD_LABEL_WIDTH }),
      doc.heightOfString(row.value, { width: valueWidth }),
    );
    ensureRoom(doc, height);
    const y = doc.y;
    doc.text(row.label, x, y, { width: FIELD_LABEL_WIDTH });
    doc.text(':', x + FIELD_LABEL_WIDTH, y, { width: 10 });
    doc.text(row.value, valueX, y, { width: valueWidth });
    doc.y = y + height;
  }
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
}

function list(doc: Doc, ordered: boolean, items: string[]): void {
  const x = doc.page.margins.left + FIELD_INDENT;
  const width = contentWidth(doc) - FIELD_INDENT - 20;
  doc.font(FONT.regular).fontSize(BODY_SIZE);
  items.forEach((item, index) => {
    const height = doc.heightOfString(item, { width });
    ensureRoom(doc, height);
    const y = doc.y;
    doc.text(ordered ? `${index + 1}.` : '-', x, y, { width: 20 });
    doc.text(item, x + 20, y, { width, align: 'justify' });
    doc.y = y + height;
  });
  doc.x = doc.page.margins.left;
  doc.moveDown(0.5);
}

function signatures(doc: Doc, block: Extract<Block, { kind: 'signatures' }>): void {
  const columns = block.parties.length;
  // A lone signatory signs on the right half, as Indonesian letters do.
  const width = contentWidth(doc) / Math.max(columns, 2);
  const firstColumn = columns === 1 ? 1 : 0;
  const lineHeight = doc.font(FONT.regular).fontSize(BODY_SIZE).currentLineHeight(true);
  const tallest =
    Math.max(...block.parties.map((p) => 3 + p.details.length)) * lineHeight + SIGNATURE_SPACE;
  doc.moveDown(1);
  ensureRoom(doc, tallest);
  const top = doc.y;
  let lowest = top;
  block.parties.forEach((party, index) => {
    const x = doc.page.margins.left + (firstColumn + index) * width;
    const options = { width, align: 'center' as const };
    doc.font(FONT.regular).fontSize(BODY_SIZE);
    doc.y = top;
    if (block.dateLine && index === columns - 1) doc.text(block.dateLine, x, doc.y, options);
    else if (block.dateLine) doc.text(' ', x, doc.y, options);
    doc.text(party.caption, x, doc.y, options);
    doc.y += SIGNATURE_SPACE;
    doc.font(FONT.bold).text(party.name, x, doc.y, { ...options, underline: true });
    doc.font(FONT.regular);
    for (const detail of party.details) doc.text(detail, x, doc.y, options);
    lowest = Math.max(lowest, doc.y);
  });
  doc.x = doc.page.margins.left;
  doc.y = lowest;
}

function block(doc: Doc, b: Block): void {
  const left = doc.page.margins.left;
  const width = contentWidth(doc);
  switch (b.kind) {
    case 'letterhead':
      return letterhead(doc, b.lines, b.address);
    case 'title':
      doc.moveDown(0.5);
      doc
        .font(FONT.bold)
        .fontSize(13)
        .text(b.text, left, doc.y, { width, align: 'center', underline: true });
      if (b.number)
        doc
          .font(FONT.regular)
          .fontSize(BODY_SIZE)
          .text(`Nomor: ${b.number}`, left, doc.y, { width, align: 'center' });
      doc.moveDown(1);
      return;
    case 'heading':
      ensureRoom(doc, 3 * BODY_SIZE);
      doc.font(FONT.bold).fontSize(BODY_SIZE).text(b.text, left, doc.y, { width });
      doc.moveDown(0.3);
      return;
    case 'paragraph':
      doc
        .font(FONT.regular)
        .fontSize(BODY_SIZE)
        .text(b.text, left, doc.y, { width, align: b.align ?? 'justify' });
      doc.moveDown(0.5);
      return;
    case 'fields':
      return fields(doc, b.rows);
    case 'list':
      return list(doc, b.ordered, b.items);
    case 'signatures':
      return signatures(doc, b);
    default: {
      const unknown: never = b;
      throw new Error(`unknown block ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The document as a PDF (pdfkit, the built-in Times fonts, nothing downloaded). Reproducible:
 * the creation date comes from the model (pdfkit derives the file ID from it), and streams are
 * left uncompressed so the bytes do not depend on the zlib build either. Byte-identity holds for
 * one pdfkit version; the recorded hash is the HTML's (see issue.ts).
 */
export function renderPdf(model: DocumentModel): Promise<Buffer> {
  const issued = new Date(instantMillisOf(model.issuedAt));
  const doc = new PDFDocument({
    ...PAGE,
    compress: false,
    info: {
      Title: `${model.title} ${model.number}`,
      Author: model.author,
      Subject: model.number,
      Keywords: `${model.templateCode} v${model.templateVersion}`,
      Creator: '@dinsos/documents',
      Producer: '@dinsos/documents (pdfkit)',
      CreationDate: issued,
      ModDate: issued,
    },
  });
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    try {
      for (const b of model.blocks) block(doc, b);
      doc.end();
    } catch (error) {
      reject(error);
    }
  });
}
