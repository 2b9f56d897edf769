import { randomUUID } from 'node:crypto';
import { Inject, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { streamCategories } from '@dinsos/contracts';
import { Position, latestSealedHeads, type Seal } from '@dinsos/event-store';
import {
  CLOCK,
  DATABASE_POOL,
  PLATFORM_CONFIG,
  loadSigningKey,
  type Clock,
  type ReadContextShape,
  type SigningKey,
} from '@dinsos/platform';
import type { Pool } from 'pg';
import { AccessLog } from '../access-log/access-log';
import type { AuditConfig } from '../audit-config';
import { CaseRecords } from '../case-record/case-record';
import { Seals } from '../verification/seals';
import { buildCaseExport, type StoredLinkRow } from './case-export-format';

// The exact stored text is what was hashed; the store's port gives events parsed, so the rows
// are read here (read-only, as the audit role; see the report: a port read would be better).
const STREAM_LINKS_SQL = `select e.stream_id, e.stream_revision::text as stream_revision,
  e.transaction_id::text as transaction_id, e.sequence::text as sequence, e.document,
  pg_catalog.encode(e.prev_hash, 'hex') as prev_hash, pg_catalog.encode(e.hash, 'hex') as hash,
  e.case_id
  from event_store.events e
  where e.stream_id in (select distinct c.stream_id from event_store.events c where c.case_id = $1)
  order by e.stream_id, e.stream_revision`;

interface LinkRow {
  stream_id: string;
  stream_revision: string;
  transaction_id: string;
  sequence: string;
  document: string;
  prev_hash: string;
  hash: string;
  case_id: string | null;
}

/** The key exports are signed with: configured, or a development one (see loadSigningKey). */
export const EXPORT_SIGNING_KEY = Symbol('audit:export-signing-key');

export const exportSigningKeyProvider = {
  provide: EXPORT_SIGNING_KEY,
  useFactory: (config: AuditConfig): SigningKey =>
    loadSigningKey({
      pem: config.AUDIT_EXPORT_PRIVATE_KEY,
      file: config.AUDIT_EXPORT_PRIVATE_KEY_FILE,
      devDirectory: config.AUDIT_EXPORT_KEY_DIR,
      production: config.NODE_ENV === 'production',
      variable: 'AUDIT_EXPORT_PRIVATE_KEY',
    }),
  inject: [PLATFORM_CONFIG],
};

@Injectable()
export class CaseExports {
  constructor(
    @Inject(DATABASE_POOL) private readonly pool: Pool,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(EXPORT_SIGNING_KEY) private readonly signing: SigningKey,
    private readonly seals: Seals,
    private readonly records: CaseRecords,
    private readonly accessLog: AccessLog,
  ) {}

  get publicKey() {
    return {
      algorithm: 'Ed25519',
      keyId: this.signing.keyId,
      publicKey: this.signing.publicKeyPem,
    };
  }

  async export(context: ReadContextShape, caseId: string) {
    const opened = await this.records.open(context, caseId, 'caseExport');
    const { rows } = await this.pool.query<LinkRow>(STREAM_LINKS_SQL, [caseId]);
    const links: StoredLinkRow[] = rows.map((row) => ({
      streamId: row.stream_id,
      streamRevision: Number(row.stream_revision),
      position: Position.of(BigInt(row.transaction_id), BigInt(row.sequence)).toString(),
      prevHash: row.prev_hash,
      hash: row.hash,
      document: row.document,
      caseId: row.case_id,
    }));
    const sealsRead = this.seals.read();
    if (sealsRead.configured && !sealsRead.ok) {
      // An export must carry the seals it relies on; without them it would verify as unsealed.
      throw new ServiceUnavailableException(
        `No export while the seals cannot be read (${sealsRead.error}); the case's verification says more.`,
      );
    }
    const seals = sealsRead.configured ? sealsNaming(sealsRead.seals, links, caseId) : [];
    const exportId = randomUUID();
    const built = buildCaseExport({
      exportId,
      caseId,
      exportedAt: this.clock.now().toISOString(),
      exportedBy: {
        id: context.actor.id,
        role: context.actor.role,
        officeCode: context.actor.officeCode,
      },
      purpose: context.purpose,
      links,
      visibleUpTo: opened.visibleUpTo,
      seals,
      sealPublicKeyPem: sealsRead.configured ? sealsRead.publicKeyPem : null,
      signing: this.signing,
    });
    await this.accessLog.record(context, {
      access: 'caseExport',
      caseId,
      personalData: 'asStored',
      outcome: 'answered',
      export: { exportId, sha256: built.sha256, keyId: built.keyId },
    });
    return { exportId, ...built };
  }
}

/**
 * The latest seal naming each exported stream, and each sealed stream of the case itself
 * (`<category>-<caseId>`) even when no row of it is left: the one its head is checked against,
 * so a case stream deleted whole shows offline too. A seal is signed whole, so it goes whole: it
 * names other streams' heads too (ids and hashes, nothing of their events; ADR 0019).
 */
export function sealsNaming(
  seals: readonly Seal[],
  links: readonly StoredLinkRow[],
  caseId: string,
): Seal[] {
  const wanted = new Set(links.map((link) => link.streamId));
  for (const category of streamCategories) wanted.add(`${category}-${caseId}`);
  const latest = latestSealedHeads(seals);
  const needed = new Set<number>();
  for (const streamId of wanted) {
    if (!latest.has(streamId)) continue;
    const seal = [...seals]
      .reverse()
      .find((candidate) => candidate.streams.some((head) => head.streamId === streamId));
    if (seal) needed.add(seal.sequence);
  }
  return seals.filter((seal) => needed.has(seal.sequence));
}
