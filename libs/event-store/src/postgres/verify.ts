import { InvalidReadOptions } from '../errors';
import {
  StreamChainVerifier,
  type BrokenLink,
  type SealedHead,
  type StoredLink,
  type VerificationProgress,
  type VerificationReport,
} from '../hashChain';
import { latestSealedHeads, type Seal } from '../seals/seal';
import { parseStreamId } from '../streamId';
import { assertReadsEveryCategory } from './categoryAccess';
import { positionOf, type Queryable } from './rows';

export interface VerifyOptions {
  /**
   * Seals read with readSeals() (signatures checked): each sealed stream must still hold its
   * sealed revision with the sealed hash and position — this catches a chain rewritten end to
   * end and a tail cut off, which a self-consistent chain alone cannot show.
   */
  seals?: readonly Seal[];
  onProgress?: (progress: VerificationProgress) => void;
  /** Events read per query. Default 5000. */
  pageSize?: number;
}

interface LinkRow {
  stream_id: string;
  stream_revision: string;
  transaction_id: string;
  sequence: string;
  document: string;
  prev_hash: string;
  hash: string;
  event_id: string;
  type: string;
  case_id: string | null;
}

const LINK_COLUMNS = `e.stream_id, e.stream_revision::text as stream_revision,
  e.transaction_id::text as transaction_id, e.sequence::text as sequence, e.document,
  pg_catalog.encode(e.prev_hash, 'hex') as prev_hash, pg_catalog.encode(e.hash, 'hex') as hash,
  e.event_id::text as event_id, e.type, e.case_id`;

/** Keyset pages over the (stream_id, stream_revision) unique index. */
const ALL_LINKS_SQL = `select ${LINK_COLUMNS} from event_store.events e
  where (e.stream_id, e.stream_revision) > ($1, $2)
  order by e.stream_id, e.stream_revision limit $3`;

const STREAM_LINKS_SQL = `select ${LINK_COLUMNS} from event_store.events e
  where e.stream_id = $1 and e.stream_revision > $2
  order by e.stream_revision limit $3`;

const CASE_STREAMS_SQL = `select distinct e.stream_id from event_store.events e where e.case_id = $1 order by 1`;
const COUNT_SQL = 'select pg_catalog.count(*)::text as count from event_store.events';

function toLink(row: LinkRow): StoredLink {
  return {
    streamId: row.stream_id,
    streamRevision: Number(row.stream_revision),
    position: positionOf(row.transaction_id, row.sequence).toString(),
    document: row.document,
    prevHash: row.prev_hash,
    hash: row.hash,
    indexed: { eventId: row.event_id, type: row.type, caseId: row.case_id },
  };
}

function pageSizeOf(options: VerifyOptions): number {
  const size = options.pageSize ?? 5000;
  if (!Number.isSafeInteger(size) || size < 1)
    throw new InvalidReadOptions('pageSize must be an integer ≥ 1');
  return size;
}

async function verifyOneStream(
  db: Queryable,
  streamId: string,
  sealed: SealedHead | undefined,
  pageSize: number,
): Promise<StreamChainVerifier> {
  const verifier = new StreamChainVerifier(streamId, sealed);
  let after = -1;
  for (;;) {
    const { rows } = await db.query<LinkRow>(STREAM_LINKS_SQL, [streamId, after, pageSize]);
    for (const row of rows) if (!verifier.check(toLink(row))) return verifier;
    if (rows.length < pageSize) break;
    after = Number(rows[rows.length - 1].stream_revision);
  }
  verifier.finish();
  return verifier;
}

/** Checks one stream's chain from revision 0 (and against its last seal, when seals are given). */
export async function verifyStream(
  db: Queryable,
  streamId: string,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  parseStreamId(streamId);
  const sealed = options.seals ? latestSealedHeads(options.seals).get(streamId) : undefined;
  const verifier = await verifyOneStream(db, streamId, sealed, pageSizeOf(options));
  return {
    ok: !verifier.broken,
    streamsChecked: 1,
    eventsChecked: verifier.eventsChecked,
    broken: verifier.broken ? [verifier.broken] : [],
  };
}

/** Checks every stream holding an event of the case (whole streams: a chain has no middle). */
export async function verifyCase(
  db: Queryable,
  caseId: string,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  if (typeof caseId !== 'string' || caseId.length === 0)
    throw new InvalidReadOptions('caseId must be a non-empty string');
  await assertReadsEveryCategory(db);
  const sealedHeads = options.seals
    ? latestSealedHeads(options.seals)
    : new Map<string, SealedHead>();
  const { rows } = await db.query<{ stream_id: string }>(CASE_STREAMS_SQL, [caseId]);
  const report: VerificationReport = { ok: true, streamsChecked: 0, eventsChecked: 0, broken: [] };
  for (const { stream_id: streamId } of rows) {
    const verifier = await verifyOneStream(
      db,
      streamId,
      sealedHeads.get(streamId),
      pageSizeOf(options),
    );
    report.streamsChecked++;
    report.eventsChecked += verifier.eventsChecked;
    if (verifier.broken) report.broken.push(verifier.broken);
    options.onProgress?.({ ...report, totalEvents: report.eventsChecked });
  }
  report.ok = report.broken.length === 0;
  return report;
}

/** Checks every stream in the store, reporting progress after each page. */
export async function verifyAll(
  db: Queryable,
  options: VerifyOptions = {},
): Promise<VerificationReport> {
  await assertReadsEveryCategory(db);
  const pageSize = pageSizeOf(options);
  const sealedHeads = options.seals
    ? latestSealedHeads(options.seals)
    : new Map<string, SealedHead>();
  const totalEvents = Number((await db.query<{ count: string }>(COUNT_SQL)).rows[0].count);
  const broken: BrokenLink[] = [];
  const seenSealed = new Set<string>();
  let streamsChecked = 0;
  let eventsChecked = 0;
  let current: StreamChainVerifier | undefined;
  const finishCurrent = () => {
    if (!current) return;
    const link = current.finish();
    if (link) broken.push(link);
    eventsChecked += current.eventsChecked;
  };
  let after: [string, number] = ['', -1];
  for (;;) {
    const { rows } = await db.query<LinkRow>(ALL_LINKS_SQL, [...after, pageSize]);
    for (const row of rows) {
      if (current?.streamId !== row.stream_id) {
        finishCurrent();
        current = new StreamChainVerifier(row.stream_id, sealedHeads.get(row.stream_id));
        if (sealedHeads.has(row.stream_id)) seenSealed.add(row.stream_id);
        streamsChecked++;
      }
      current.check(toLink(row));
    }
    options.onProgress?.({
      streamsChecked,
      eventsChecked: eventsChecked + (current?.eventsChecked ?? 0),
      totalEvents,
    });
    if (rows.length < pageSize) break;
    const last = rows[rows.length - 1];
    after = [last.stream_id, Number(last.stream_revision)];
  }
  finishCurrent();
  for (const [streamId, head] of sealedHeads) {
    if (!seenSealed.has(streamId)) {
      broken.push(new StreamChainVerifier(streamId, head).finish()!);
    }
  }
  return { ok: broken.length === 0, streamsChecked, eventsChecked, broken };
}
