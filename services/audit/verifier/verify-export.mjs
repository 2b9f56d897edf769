#!/usr/bin/env node
// Checks a case export of the Dinsos audit service offline (ADR 0019): the hash chain of every
// exported stream, the seals that name them, and the export's Ed25519 signature. Plain Node
// (node:crypto, node:fs) and nothing of the codebase, so an outside auditor can read all of it.
//
//   node verify-export.mjs <export.ndjson> [--export-key <public.pem>] [--seal-key <public.pem>] [--json]
//
// Without --export-key / --seal-key the public keys inside the export are used, and the report
// says so: compare their key ids with the ones the office publishes (GET /audit/export-key).
// Exit 0: everything holds; 1: something does not (each finding is printed); 2: bad usage.
import { createHash, createPublicKey, verify } from 'node:crypto';
import fs from 'node:fs';

export const FORMAT = 'dinsos.audit.case-export/v1';
const SEAL_FORMAT = 'dinsos.event-store.seal/v1';
const GENESIS = '0'.repeat(64);

/** RFC 8785 canonical JSON of parsed JSON values (what the seals are signed over). */
export function canonical(value) {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const keys = Object.keys(value)
    .filter((key) => value[key] !== undefined)
    .sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonical(value[key])}`).join(',')}}`;
}

/** First 16 hex digits of SHA-256 over the key's SPKI DER: how the sealer and audit name keys. */
export function keyIdOf(publicKey) {
  const der = publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

function sha256(...parts) {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
}

/**
 * Verifies an export given as its bytes. Returns { ok, findings, notes, summary }: findings are
 * failures; notes are what the auditor should know (keys taken from the export, unsealed streams).
 */
export function verifyExport(bytes, options = {}) {
  const findings = [];
  const notes = [];
  const text = Buffer.isBuffer(bytes) ? bytes.toString('utf8') : String(bytes);
  if (!text.endsWith('\n')) findings.push('the export does not end with a newline: cut short?');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const records = [];
  for (const [index, line] of lines.entries()) {
    try {
      records.push(JSON.parse(line));
    } catch {
      return { ok: false, findings: [`line ${index + 1} is not JSON`], notes, summary: null };
    }
  }
  const header = records[0];
  const signature = records[records.length - 1];
  if (header?.kind !== 'header' || header.format !== FORMAT) {
    return {
      ok: false,
      findings: [`the first line is not a ${FORMAT} header`],
      notes,
      summary: null,
    };
  }
  if (signature?.kind !== 'signature' || records.length < 2) {
    return { ok: false, findings: ['the last line is not the signature'], notes, summary: null };
  }

  // 1. The signature, over the exact bytes of every line before it.
  const signedText = `${lines.slice(0, -1).join('\n')}\n`;
  const signed = Buffer.from(signedText, 'utf8');
  let exportKey;
  try {
    exportKey = createPublicKey(options.exportKeyPem ?? signature.publicKey);
  } catch {
    findings.push('the export signing key cannot be read');
  }
  if (!options.exportKeyPem) {
    notes.push(
      `export signed with the key inside the export (key id ${signature.keyId}): compare it with the key the office publishes`,
    );
  }
  if (exportKey) {
    if (keyIdOf(exportKey) !== signature.keyId) {
      findings.push(
        `the export names key ${signature.keyId}, not the key given (${keyIdOf(exportKey)})`,
      );
    }
    if (sha256(signed).toString('hex') !== signature.signedSha256) {
      findings.push('signedSha256 is not the SHA-256 of the lines before the signature');
    }
    const valid =
      signature.algorithm === 'Ed25519' &&
      verify(null, signed, exportKey, Buffer.from(String(signature.signature), 'base64'));
    if (!valid)
      findings.push('the export signature is not valid: the export was changed after signing');
  }

  // 2. Every stream's chain, from revision 0.
  const streams = new Map();
  const seals = [];
  for (const record of records.slice(1, -1)) {
    if (record.kind === 'seal') {
      seals.push(record.seal);
      continue;
    }
    if (record.kind !== 'event' && record.kind !== 'hashOnly') {
      findings.push(`unknown record kind ${JSON.stringify(record.kind)}`);
      continue;
    }
    if (!streams.has(record.streamId)) streams.set(record.streamId, []);
    streams.get(record.streamId).push(record);
  }
  let events = 0;
  let hashOnly = 0;
  for (const [streamId, links] of streams) {
    let previous = GENESIS;
    for (const [index, link] of links.entries()) {
      const at = `${streamId} revision ${link.streamRevision}`;
      if (link.streamRevision !== index) {
        findings.push(`${streamId}: revision ${index} expected, ${link.streamRevision} found`);
        break;
      }
      if (link.prevHash !== previous) {
        findings.push(`${at}: prevHash is not the previous event's hash`);
        break;
      }
      if (link.kind === 'hashOnly') {
        // Another case's event: its text stays with its case; its links keep the chain whole.
        hashOnly++;
        previous = link.hash;
        continue;
      }
      events++;
      const recomputed = sha256(
        Buffer.from(link.prevHash, 'hex'),
        Buffer.from(link.document, 'utf8'),
      );
      if (recomputed.toString('hex') !== link.hash) {
        findings.push(`${at}: hash is not SHA-256(prevHash ‖ document): the event was changed`);
        break;
      }
      let document;
      try {
        document = JSON.parse(link.document);
      } catch {
        findings.push(`${at}: the document is not JSON`);
        break;
      }
      if (canonical(document) !== link.document)
        findings.push(`${at}: the document is not canonical JSON`);
      if (document.streamId !== streamId)
        findings.push(`${at}: the document names stream ${document.streamId}`);
      if (document.caseId !== header.caseId) {
        findings.push(
          `${at}: a full event of case ${document.caseId} in an export of ${header.caseId}`,
        );
      }
      previous = link.hash;
    }
  }
  for (const stream of header.streams ?? []) {
    const links = streams.get(stream.streamId) ?? [];
    const head = links[links.length - 1];
    if (links.length !== stream.events || head?.hash !== stream.headHash) {
      findings.push(
        `${stream.streamId}: the header names ${stream.events} events up to ${stream.headHash}, the export holds ${links.length}`,
      );
    }
  }
  if ((header.streams ?? []).length !== streams.size)
    findings.push('the header does not list every exported stream');

  // 3. The seals: each signed by the sealer, and each exported stream still holding its sealed head.
  let sealKey;
  const sealKeyPem = options.sealKeyPem ?? header.sealPublicKey;
  if (seals.length && !sealKeyPem)
    findings.push('seals without a sealer public key to check them with');
  if (sealKeyPem) {
    try {
      sealKey = createPublicKey(sealKeyPem);
    } catch {
      findings.push('the sealer public key cannot be read');
    }
    if (!options.sealKeyPem && seals.length) {
      notes.push(
        'seals checked with the sealer key inside the export: compare its key id with the sealer’s published key',
      );
    }
  }
  const sealedHeads = new Map();
  for (const seal of [...seals].sort((a, b) => a.sequence - b.sequence)) {
    if (seal?.format !== SEAL_FORMAT) {
      findings.push(`seal ${seal?.sequence}: not a ${SEAL_FORMAT} seal`);
      continue;
    }
    if (sealKey) {
      const { signature: sealSignature, ...body } = seal;
      const valid =
        keyIdOf(sealKey) === seal.keyId &&
        verify(
          null,
          Buffer.from(canonical(body), 'utf8'),
          sealKey,
          Buffer.from(String(sealSignature), 'base64'),
        );
      if (!valid) findings.push(`seal ${seal.sequence}: the signature is not valid`);
    }
    for (const head of seal.streams ?? []) sealedHeads.set(head.streamId, head);
  }
  const unsealed = [];
  for (const [streamId, links] of streams) {
    const head = sealedHeads.get(streamId);
    if (!head) {
      unsealed.push(streamId);
      continue;
    }
    const link = links[head.streamRevision];
    if (!link) {
      findings.push(
        `${streamId}: sealed up to revision ${head.streamRevision}, the export ends at ${links.length - 1}: a tail was cut off`,
      );
    } else if (link.hash !== head.hash) {
      findings.push(
        `${streamId} revision ${head.streamRevision}: not the sealed hash: the chain was rewritten`,
      );
    } else if (link.position !== head.position) {
      findings.push(`${streamId} revision ${head.streamRevision}: not at the sealed position`);
    }
  }
  // A stream of the case a seal names but the export lacks: deleted whole, or left out. The
  // audit service's own records (auditAccess-<caseId>) are not part of a case's history.
  for (const streamId of sealedHeads.keys()) {
    if (
      streamId.endsWith(`-${header.caseId}`) &&
      !streamId.startsWith('auditAccess-') &&
      !streams.has(streamId)
    ) {
      findings.push(
        `${streamId}: sealed, but not in the export: the stream was deleted or left out`,
      );
    }
  }
  if (unsealed.length)
    notes.push(`not sealed yet (chains checked, heads not anchored): ${unsealed.join(', ')}`);

  return {
    ok: findings.length === 0,
    findings,
    notes,
    summary: {
      caseId: header.caseId,
      exportId: header.exportId,
      exportedAt: header.exportedAt,
      exportedBy: header.exportedBy,
      purpose: header.purpose,
      keyId: signature.keyId,
      streams: streams.size,
      events,
      hashOnly,
      seals: seals.length,
    },
  };
}

function main(argv) {
  const args = [...argv];
  const option = (name) => {
    const at = args.indexOf(name);
    if (at < 0) return undefined;
    const [, value] = args.splice(at, 2);
    if (!value) throw new Error(`${name} needs a file`);
    return fs.readFileSync(value, 'utf8');
  };
  const json = args.includes('--json');
  if (json) args.splice(args.indexOf('--json'), 1);
  let exportKeyPem;
  let sealKeyPem;
  try {
    exportKeyPem = option('--export-key');
    sealKeyPem = option('--seal-key');
  } catch (error) {
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  if (args.length !== 1) {
    process.stderr.write(
      'usage: node verify-export.mjs <export.ndjson> [--export-key <public.pem>] [--seal-key <public.pem>] [--json]\n',
    );
    return 2;
  }
  const result = verifyExport(fs.readFileSync(args[0]), { exportKeyPem, sealKeyPem });
  if (json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else {
    const s = result.summary;
    if (s) {
      process.stdout.write(
        `case ${s.caseId}, export ${s.exportId} of ${s.exportedAt} by ${s.exportedBy?.id} (${s.exportedBy?.role}, office ${s.exportedBy?.officeCode}), purpose: ${s.purpose}\n` +
          `${s.streams} streams, ${s.events} events of the case, ${s.hashOnly} hash-only, ${s.seals} seals, signing key ${s.keyId}\n`,
      );
    }
    for (const note of result.notes) process.stdout.write(`note: ${note}\n`);
    for (const finding of result.findings) process.stdout.write(`FAIL: ${finding}\n`);
    process.stdout.write(result.ok ? 'OK: chains, seals and signature hold\n' : 'NOT VERIFIED\n');
  }
  return result.ok ? 0 : 1;
}

if (
  import.meta.url === `file://${process.argv[1]}` ||
  process.argv[1]?.endsWith('verify-export.mjs')
) {
  process.exitCode = main(process.argv.slice(2));
}
