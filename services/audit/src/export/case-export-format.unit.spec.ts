// The export format and the offline verifier together, without a database: exports built from
// hand-made chains, checked by services/audit/verifier/verify-export.mjs run as an auditor runs
// it (a Node process of its own, nothing of this codebase loaded).
import { execFileSync } from 'node:child_process';
import { createHash, createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import canonicalize from 'canonicalize';
import { chainHash, GENESIS_HASH, keyIdOf, type Seal } from '@dinsos/event-store';
import { signingKeyOf } from '@dinsos/platform';
import { buildCaseExport, type StoredLinkRow } from './case-export-format';

const verifier = path.join(__dirname, '..', '..', 'verifier', 'verify-export.mjs');
const caseId = '3603-2026-000123';
const otherCaseId = '36-2026-000007';

function chain(streamId: string, owners: Array<string | null>): StoredLinkRow[] {
  let previous = GENESIS_HASH;
  return owners.map((owner, revision) => {
    const document = canonicalize({
      eventId: `00000000-0000-4000-8000-${String(revision + 1).padStart(12, '0')}`,
      type: 'SomethingHappened',
      streamId,
      ...(owner ? { caseId: owner } : {}),
      payload: { revision, note: 'Catatan' },
    }) as string;
    const hash = chainHash(previous, document);
    const link = {
      streamId,
      streamRevision: revision,
      position: `${String(revision + 1).padStart(16, '0')}-${'0'.repeat(16)}`,
      prevHash: previous,
      hash,
      document,
      caseId: owner,
    };
    previous = hash;
    return link;
  });
}

const sealer = generateKeyPairSync('ed25519');
const sealerPem = sealer.publicKey.export({ type: 'spki', format: 'pem' }).toString();

function sealOf(links: StoredLinkRow[]): Seal {
  const heads = new Map<string, StoredLinkRow>();
  for (const link of links) heads.set(link.streamId, link);
  const body = {
    format: 'dinsos.event-store.seal/v1' as const,
    sequence: 1,
    sealedAt: '2026-03-09T00:00:00.000Z',
    previousSealHash: null,
    from: `${'0'.repeat(16)}-${'0'.repeat(16)}`,
    upTo: `${'9'.repeat(16)}-${'0'.repeat(16)}`,
    keyId: keyIdOf(sealer.publicKey),
    streams: [...heads.values()].map((head) => ({
      streamId: head.streamId,
      streamRevision: head.streamRevision,
      hash: head.hash,
      position: head.position,
    })),
  };
  const signature = sign(null, Buffer.from(canonicalize(body) as string), sealer.privateKey);
  return { ...body, signature: signature.toString('base64') };
}

const signing = signingKeyOf(
  createPrivateKey(
    generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }),
  ),
);

function exportOf(links: StoredLinkRow[], seals: Seal[] = [sealOf(links)]) {
  return buildCaseExport({
    exportId: '5f0c2d7e-8a4b-4c3e-9d1f-2a6b7c8d9e0f',
    caseId,
    exportedAt: '2026-03-10T00:00:00.000Z',
    exportedBy: { id: 'auditor-36', role: 'auditor', officeCode: '36' },
    purpose: 'Pemeriksaan',
    links,
    seals,
    sealPublicKeyPem: sealerPem,
    signing,
  });
}

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'audit-export-unit-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

function verify(ndjson: string): {
  ok: boolean;
  findings: string[];
  notes: string[];
  summary: Record<string, number>;
} {
  const file = path.join(directory, `${createHash('sha256').update(ndjson).digest('hex')}.ndjson`);
  fs.writeFileSync(file, ndjson);
  fs.writeFileSync(path.join(directory, 'export.pem'), signing.publicKeyPem);
  fs.writeFileSync(path.join(directory, 'sealer.pem'), sealerPem);
  const args = [
    verifier,
    file,
    '--json',
    '--export-key',
    path.join(directory, 'export.pem'),
    '--seal-key',
    path.join(directory, 'sealer.pem'),
  ];
  try {
    return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' }));
  } catch (error) {
    return JSON.parse((error as { stdout: string }).stdout);
  }
}

/** Re-signs a changed export with the real key: only the chains and seals can tell then. */
function resigned(lines: string[]): string {
  const body = lines
    .slice(0, -1)
    .map((line) => `${line}\n`)
    .join('');
  const signature = JSON.parse(lines[lines.length - 1]);
  signature.signedSha256 = createHash('sha256').update(body).digest('hex');
  signature.signature = sign(null, Buffer.from(body), signing.privateKey).toString('base64');
  return `${body}${JSON.stringify(signature)}\n`;
}

describe('a case export, checked offline', () => {
  const caseStream = chain(`intakeCase-${caseId}`, [caseId, caseId, caseId]);
  // A client's stream: the other case's events travel as hash-only links.
  const clientStream = chain('client-7c9e', [caseId, otherCaseId, caseId, otherCaseId]);
  const links = [...clientStream, ...caseStream];

  it('holds: chains through hash-only links, seals, signature', () => {
    const built = exportOf(links);
    expect(built).toMatchObject({ events: 5, hashOnly: 2, streams: 2 });
    expect(built.ndjson).not.toContain(otherCaseId);
    const report = verify(built.ndjson);
    expect(report.findings).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.summary).toMatchObject({ events: 5, hashOnly: 2, seals: 1, streams: 2 });
  });

  it('fails on any changed byte (the signature), and re-signed on the chain', () => {
    const built = exportOf(links);
    const changed = built.ndjson.replace('Catatan', 'Catatam');
    expect(verify(changed).findings).toEqual(
      expect.arrayContaining([expect.stringMatching(/signature is not valid/)]),
    );
    const report = verify(resigned(changed.trimEnd().split('\n')));
    expect(report.ok).toBe(false);
    expect(report.findings.join('\n')).toMatch(/hash is not SHA-256/);
  });

  it('fails when a hash-only link is altered, though none of its text travels', () => {
    const lines = exportOf(links).ndjson.trimEnd().split('\n');
    const at = lines.findIndex((line) => line.includes('"hashOnly"'));
    const record = JSON.parse(lines[at]);
    record.hash = 'f'.repeat(64);
    lines[at] = JSON.stringify(record);
    expect(verify(resigned(lines)).findings.join('\n')).toMatch(/prevHash is not the previous/);
  });

  it('catches a chain rewritten end to end, and a tail cut off, by the seal', () => {
    const seal = sealOf(links);
    // Self-consistent, with other text: only the sealed head hash can tell.
    let previous = GENESIS_HASH;
    const forged = caseStream.map((link) => {
      const document = link.document.replace('Catatan', 'Palsu');
      const hash = chainHash(previous, document);
      const out = { ...link, prevHash: previous, document, hash };
      previous = hash;
      return out;
    });
    const forgedReport = verify(exportOf([...clientStream, ...forged], [seal]).ndjson);
    expect(forgedReport.findings.join('\n')).toMatch(
      /not the sealed hash: the chain was rewritten/,
    );
    const cut = verify(exportOf([...clientStream, ...caseStream.slice(0, 2)], [seal]).ndjson);
    expect(cut.findings.join('\n')).toMatch(/a tail was cut off/);
  });

  it('fails on a seal signed by another key, and notes streams no seal anchors', () => {
    const seal = { ...sealOf(links), signature: Buffer.alloc(64).toString('base64') };
    expect(verify(exportOf(links, [seal]).ndjson).findings.join('\n')).toMatch(
      /seal 1: the signature is not valid/,
    );
    const unsealed = verify(exportOf(links, []).ndjson);
    expect(unsealed.ok).toBe(true);
    expect(unsealed.notes.join('\n')).toMatch(/not sealed yet/);
  });

  it('refuses an export cut short or with a full event of another case', () => {
    const built = exportOf(links);
    const lines = built.ndjson.trimEnd().split('\n');
    expect(verify(lines.slice(0, -1).join('\n')).ok).toBe(false);
    const leaking = buildCaseExport({
      exportId: '5f0c2d7e-8a4b-4c3e-9d1f-2a6b7c8d9e0f',
      caseId,
      exportedAt: '2026-03-10T00:00:00.000Z',
      exportedBy: { id: 'auditor-36', role: 'auditor', officeCode: '36' },
      purpose: 'Pemeriksaan',
      links: links.map((link) => ({ ...link, caseId })),
      seals: [sealOf(links)],
      sealPublicKeyPem: sealerPem,
      signing,
    });
    expect(verify(leaking.ndjson).findings.join('\n')).toMatch(
      /a full event of case 36-2026-000007/,
    );
  });
});
