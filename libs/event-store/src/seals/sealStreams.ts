import { createPublicKey, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import type { SealedHead } from '../hashChain';
import { Position } from '../position';
import { assertReadsEveryCategory } from '../postgres/categoryAccess';
import { positionOf, type Queryable } from '../postgres/rows';
import {
  readLastSeal,
  sealHash,
  signSeal,
  SEAL_FORMAT,
  toPrivateKey,
  writeSealFile,
  type Seal,
} from './seal';

/**
 * Heads of the streams changed after `from`, up to the same gap-free horizon readers use: a seal
 * never signs a head while an older transaction could still commit into its range. The stream
 * order guard keeps each stream's rows below the horizon a prefix of the stream.
 */
const CHANGED_HEADS_SQL = `with horizon as (
    select pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot()) as xmin
  )
  select h.xmin::text as horizon, s.*
  from horizon h
  left join lateral (
    select distinct on (e.stream_id) e.stream_id, e.stream_revision::text as stream_revision,
           pg_catalog.encode(e.hash, 'hex') as hash,
           e.transaction_id::text as transaction_id, e.sequence::text as sequence
    from event_store.events e
    where (e.transaction_id, e.sequence) > ($1::text::xid8, $2::bigint)
      and e.transaction_id < h.xmin
    order by e.stream_id, e.stream_revision desc
  ) s on true`;

export interface SealingOptions {
  /** Where seal files go (created when missing). */
  directory: string;
  /** Ed25519 private key (KeyObject or PKCS#8 PEM). */
  privateKey: KeyObject | string;
  /** Called with each new seal after its file is written: publish it (e.g. to Kafka) here. */
  onSeal?: (seal: Seal) => void | Promise<void>;
}

interface HeadRow {
  horizon: string;
  stream_id: string | null;
  stream_revision: string;
  hash: string;
  transaction_id: string;
  sequence: string;
}

/**
 * Signs the current head (hash and position) of every stream changed since the last seal and
 * writes the seal file. Returns null when nothing changed. `onSeal` runs after the file is
 * written; if it throws, the seal stays (the file is the record) and the error is thrown.
 */
export async function sealNow(db: Queryable, options: SealingOptions): Promise<Seal | null> {
  await assertReadsEveryCategory(db);
  const privateKey = toPrivateKey(options.privateKey);
  const publicKey = createPublicKey(privateKey);
  fs.mkdirSync(options.directory, { recursive: true });
  for (let attempt = 1; ; attempt++) {
    const last = readLastSeal(options.directory, publicKey);
    const from = last ? Position.parse(last.upTo) : Position.start;
    const { rows } = await db.query<HeadRow>(CHANGED_HEADS_SQL, [
      from.commit.toString(),
      from.prepare.toString(),
    ]);
    const streams: SealedHead[] = rows
      .filter((row) => row.stream_id !== null)
      .map((row) => ({
        streamId: row.stream_id as string,
        streamRevision: Number(row.stream_revision),
        hash: row.hash,
        position: positionOf(row.transaction_id, row.sequence).toString(),
      }))
      .sort((a, b) => (a.streamId < b.streamId ? -1 : a.streamId > b.streamId ? 1 : 0));
    if (!streams.length) return null;
    const seal = signSeal(
      {
        format: SEAL_FORMAT,
        sequence: (last?.sequence ?? 0) + 1,
        sealedAt: new Date().toISOString(),
        previousSealHash: last ? sealHash(last) : null,
        from: from.toString(),
        upTo: Position.max(from, Position.of(BigInt(rows[0].horizon), 0n)).toString(),
        streams,
      },
      privateKey,
    );
    if (writeSealFile(options.directory, seal)) {
      await options.onSeal?.(seal);
      return seal;
    }
    if (attempt >= 3)
      throw new Error(`could not write seal ${seal.sequence}: other sealers keep winning`);
  }
}

export interface Sealer {
  /** Seals now (after any seal in progress). */
  sealNow(): Promise<Seal | null>;
  /** Stops the schedule and waits for a seal in progress. */
  stop(): Promise<void>;
}

/** Seals every `intervalMs` (and on demand); errors go to onError and the schedule goes on. */
export function startSealing(
  db: Queryable,
  options: SealingOptions & { intervalMs: number; onError?: (error: unknown) => void },
): Sealer {
  let running: Promise<Seal | null> = Promise.resolve(null);
  const queue = () => {
    running = running.catch(() => null).then(() => sealNow(db, options));
    return running;
  };
  const timer = setInterval(() => {
    queue().catch((error: unknown) => options.onError?.(error));
  }, options.intervalMs);
  return {
    sealNow: queue,
    stop: async () => {
      clearInterval(timer);
      await running.catch(() => null);
    },
  };
}
