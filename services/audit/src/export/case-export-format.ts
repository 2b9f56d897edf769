import { createHash, sign, type KeyObject } from 'node:crypto';

/**
 * A case export (ADR 0019): NDJSON, one JSON object per line, every line ending in "\n".
 *
 *   header     what, whose, why, when; the streams exported with their heads; the sealer's key
 *   event      a stored event of the case: its links and the exact stored text that was hashed
 *   hashOnly   an event of another case (or of none) in a stream the case shares (a client's):
 *              its links only, so the chain still verifies and nothing of it leaks
 *   seal       a seal of the sealer that names an exported stream, exactly as signed
 *   signature  last: Ed25519 over the bytes of every line before it
 *
 * Streams go whole, from revision 0 (a chain has no middle), in stream id order, revisions in
 * order. Checked offline by services/audit/verifier/verify-export.mjs with node:crypto alone.
 */
export const CASE_EXPORT_FORMAT = 'dinsos.audit.case-export/v1';

/** One stored event as the export needs it: links, position and the exact hashed text. */
export interface StoredLinkRow {
  streamId: string;
  streamRevision: number;
  position: string;
  prevHash: string;
  hash: string;
  /** The stored canonical JSON, exactly as hashed. */
  document: string;
  /** The envelope's case id as the row is indexed. */
  caseId: string | null;
}

export interface CaseExportInput {
  exportId: string;
  caseId: string;
  exportedAt: string;
  exportedBy: { id: string; role: string; officeCode: string };
  purpose: string;
  /** Every event of every stream holding an event of the case, in stream id and revision order. */
  links: readonly StoredLinkRow[];
  /**
   * For an office that transferred the case away: the position of the last event it may see;
   * the case's later events travel as hash-only links too. Null or absent: all of them.
   */
  visibleUpTo?: string | null;
  /** The seals that name an exported stream (signature checked), by sequence. */
  seals: readonly object[];
  sealPublicKeyPem: string | null;
  signing: { privateKey: KeyObject; publicKeyPem: string; keyId: string };
}

export interface CaseExport {
  ndjson: string;
  sha256: string;
  keyId: string;
  events: number;
  hashOnly: number;
  streams: number;
}

export function buildCaseExport(input: CaseExportInput): CaseExport {
  const streams = new Map<string, { events: number; headRevision: number; headHash: string }>();
  for (const link of input.links) {
    const stream = streams.get(link.streamId) ?? { events: 0, headRevision: -1, headHash: '' };
    stream.events++;
    stream.headRevision = link.streamRevision;
    stream.headHash = link.hash;
    streams.set(link.streamId, stream);
  }
  const lines: string[] = [
    JSON.stringify({
      kind: 'header',
      format: CASE_EXPORT_FORMAT,
      exportId: input.exportId,
      caseId: input.caseId,
      exportedAt: input.exportedAt,
      exportedBy: input.exportedBy,
      purpose: input.purpose,
      streams: [...streams].map(([streamId, stream]) => ({ streamId, ...stream })),
      sealPublicKey: input.sealPublicKeyPem,
    }),
  ];
  let events = 0;
  let hashOnly = 0;
  for (const link of input.links) {
    const links = {
      streamId: link.streamId,
      streamRevision: link.streamRevision,
      position: link.position,
      prevHash: link.prevHash,
      hash: link.hash,
    };
    const visible = !input.visibleUpTo || link.position <= input.visibleUpTo;
    if (link.caseId === input.caseId && visible) {
      events++;
      lines.push(JSON.stringify({ kind: 'event', ...links, document: link.document }));
    } else {
      hashOnly++;
      lines.push(JSON.stringify({ kind: 'hashOnly', ...links }));
    }
  }
  for (const seal of input.seals) lines.push(JSON.stringify({ kind: 'seal', seal }));
  const signed = Buffer.from(lines.map((line) => `${line}\n`).join(''), 'utf8');
  const signature = {
    kind: 'signature',
    algorithm: 'Ed25519',
    keyId: input.signing.keyId,
    publicKey: input.signing.publicKeyPem,
    signedSha256: createHash('sha256').update(signed).digest('hex'),
    signature: sign(null, signed, input.signing.privateKey).toString('base64'),
  };
  const ndjson = `${signed.toString('utf8')}${JSON.stringify(signature)}\n`;
  return {
    ndjson,
    sha256: createHash('sha256').update(ndjson, 'utf8').digest('hex'),
    keyId: input.signing.keyId,
    events,
    hashOnly,
    streams: streams.size,
  };
}
