import type { Block, DocumentModel } from '../model';

const entities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => entities[c]);
}

const STYLE = [
  'body{font-family:"Times New Roman",Times,serif;font-size:12pt;line-height:1.4;margin:0}',
  '.document{max-width:17cm;margin:1.5cm auto}',
  '.letterhead{text-align:center;border-bottom:3px double #000;padding-bottom:6px;margin-bottom:12px}',
  '.letterhead p{margin:0;font-weight:bold}',
  '.letterhead .address{font-weight:normal;font-size:10pt}',
  '.title{text-align:center;margin:12px 0}',
  '.title h1{font-size:13pt;margin:0;text-decoration:underline}',
  '.title p{margin:0}',
  'h2{font-size:12pt;margin:12px 0 4px}',
  'p.justify{text-align:justify}',
  'table.fields{border-collapse:collapse;margin:4px 0 8px 1cm}',
  'table.fields td{vertical-align:top;padding:0 4px 0 0}',
  'table.signatures{width:100%;margin-top:24px;text-align:center}',
  'table.signatures td{vertical-align:top;padding:0 8px;width:50%}',
  '.signature-space{height:2.2cm}',
  '.signature-name{font-weight:bold;text-decoration:underline}',
].join('\n');

function block(b: Block): string {
  switch (b.kind) {
    case 'letterhead':
      return `<header class="letterhead">\n${b.lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}\n<p class="address">${escapeHtml(b.address)}</p>\n</header>`;
    case 'title':
      return `<div class="title">\n<h1>${escapeHtml(b.text)}</h1>${b.number ? `\n<p>Nomor: ${escapeHtml(b.number)}</p>` : ''}\n</div>`;
    case 'heading':
      return `<h2>${escapeHtml(b.text)}</h2>`;
    case 'paragraph':
      return `<p class="${b.align ?? 'justify'}">${escapeHtml(b.text)}</p>`;
    case 'fields':
      return `<table class="fields">\n${b.rows
        .map(
          (r) =>
            `<tr><td>${escapeHtml(r.label)}</td><td>:</td><td>${escapeHtml(r.value)}</td></tr>`,
        )
        .join('\n')}\n</table>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>\n${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('\n')}\n</${tag}>`;
    }
    case 'signatures': {
      const cells = b.parties.map((party, index) => {
        const dateLine =
          b.dateLine && index === b.parties.length - 1 ? `${escapeHtml(b.dateLine)}<br>` : '';
        const details = party.details.map((d) => `<br>${escapeHtml(d)}`).join('');
        return `<td>${dateLine}${escapeHtml(party.caption)}<div class="signature-space"></div><span class="signature-name">${escapeHtml(party.name)}</span>${details}</td>`;
      });
      // A lone signatory signs on the right half, as Indonesian letters do.
      if (cells.length === 1) cells.unshift('<td></td>');
      return `<table class="signatures">\n<tr>\n${cells.join('\n')}\n</tr>\n</table>`;
    }
    default: {
      const unknown: never = b;
      throw new Error(`unknown block ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * The document as one self-contained HTML page: only the model and this code decide the bytes
 * (no clock, no locale, no `Intl`), so the same model always gives the same text.
 */
export function renderHtml(model: DocumentModel): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="id">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(`${model.title} ${model.number}`)}</title>`,
    `<meta name="generator" content="${escapeHtml(`@dinsos/documents ${model.templateCode} v${model.templateVersion}`)}">`,
    `<style>\n${STYLE}\n</style>`,
    '</head>',
    '<body>',
    '<article class="document">',
    ...model.blocks.map(block),
    '</article>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
