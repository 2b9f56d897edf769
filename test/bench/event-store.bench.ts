// `npm run bench -- event-store`: append throughput of the PostgreSQL event store against raw
// INSERTs of the same rows into a plain table (no keys, no triggers) in the same database, in the
// same run; then readAll, readStream and verifyAll rates. Goal: ≥ 0.6 of raw for single events,
// ≥ 0.8 for 100-event batches.
//
// The raw baseline sends a batch's columns as arrays, as a plain INSERT of the rows does. The
// store sends a batch's documents newline-joined (ADR 0008), which is cheaper on both sides, so
// part of its batched ratio is that transport: "raw, joined" is the plain table sent the store's
// way, to show how much. "Raw, same keys" is a table with the events table's keys and indexes
// (no trigger, no check, no function), sent the store's way: its ratio isolates the store's own
// work (checks, lock, hash chain, canonical JSON) from the indexes the design requires.
//
// The store's writers append after their own appends, so they take the known-head path (ADR
// 0007); "checked" is the same store with that path off (every append through append_to_stream).
// Batches over 16 events take append_to_stream either way, so there the two differ by noise.
//
// "No NOTIFY" is the same store without its announcements (the NOTIFY after each committed
// append that wakes subscriptions, coalesced): its ratio is what announcing costs.
import { randomBytes, randomUUID } from 'node:crypto';
import { createTestDatabase, testRoles } from '@dinsos/testing';
import {
  migrate,
  Position,
  PostgresEventStore,
  verifyAll,
  type NewEvent,
} from '@dinsos/event-store';
import { Client, Pool } from 'pg';
import { streamingTable } from './table';

const SECONDS_PER_ROUND = 1;
const ROUNDS = 4;
const WRITERS = [1, 4, 16];
const BATCHES = [1, 100];
const READ_SECONDS = 4;

function benchEvent(streamIndex: number): NewEvent {
  return {
    eventId: randomUUID(),
    type: 'AssessmentRecorded',
    schemaVersion: 1,
    caseId: `case-${streamIndex}`,
    subjectIds: [`client-${streamIndex}`],
    officeCode: '3603',
    occurredAt: new Date().toISOString(),
    actor: { id: 'peksos-7', role: 'socialWorker', officeCode: '3603' },
    correlationId: randomUUID(),
    causationId: randomUUID(),
    serviceStandard: { code: 'SOP-3603-ANAK', version: '2024.1' },
    // Personal data is ciphertext in real events: a few hundred bytes of base64.
    payload: {
      summary: randomBytes(240).toString('base64'),
      score: 7,
      needs: ['shelter', 'school'],
    },
  };
}

/** The same row, as plain values, for the raw INSERT baseline. */
function rawRow(streamId: string, revision: number): unknown[] {
  const event = benchEvent(revision);
  return [
    event.eventId,
    streamId,
    revision,
    event.type,
    event.caseId,
    JSON.stringify({ ...event, streamId, recordedAt: new Date().toISOString() }),
    randomBytes(32),
    randomBytes(32),
  ];
}

const rawSingle = (table: string) => `insert into ${table}
  (event_id, stream_id, stream_revision, type, case_id, document, prev_hash, hash)
  values ($1, $2, $3, $4, $5, $6, $7, $8)`;
const rawBatch = (table: string, documents: Transport) => `insert into ${table}
  (event_id, stream_id, stream_revision, type, case_id, document, prev_hash, hash)
  select * from unnest($1::uuid[], $2::text[], $3::bigint[], $4::text[], $5::text[],
    ${documents === 'joined' ? `pg_catalog.string_to_array($6::text, E'\\n')` : '$6::text[]'},
    $7::bytea[], $8::bytea[])`;

/**
 * How a batch's documents travel: as a text[] (what a plain INSERT of the rows sends), or
 * newline-joined in one text as the store sends them (ADR 0008).
 */
type Transport = 'array' | 'joined';

type Writer = (writer: number, batch: number, deadline: number) => Promise<number>;

export async function measure(writers: number, batch: number, write: Writer): Promise<number> {
  const started = performance.now();
  const deadline = Date.now() + SECONDS_PER_ROUND * 1000;
  const counts = await Promise.all(
    Array.from({ length: writers }, (_, w) => write(w, batch, deadline)),
  );
  return counts.reduce((a, b) => a + b, 0) / ((performance.now() - started) / 1000);
}

let runId = 0;
/** A new set of stream ids for the next round. */
export const nextRound = () => ++runId;

function rawWriter(pool: Pool, table: string, documents: Transport): Writer {
  return async (writer, batch, deadline) => {
    const streamId = `raw-${runId}w${writer}`;
    let written = 0;
    while (Date.now() < deadline) {
      if (batch === 1) {
        await pool.query({
          name: `${table}_single`,
          text: rawSingle(table),
          values: rawRow(streamId, written),
        });
      } else {
        const rows = Array.from({ length: batch }, (_, i) => rawRow(streamId, written + i));
        const columns: unknown[] = rows[0].map((_, c) => rows.map((row) => row[c]));
        if (documents === 'joined') columns[5] = (columns[5] as string[]).join('\n');
        await pool.query({
          name: `${table}_${documents}_batch`,
          text: rawBatch(table, documents),
          values: columns,
        });
      }
      written += batch;
    }
    return written;
  };
}

export function storeWriter(store: PostgresEventStore, category: string): Writer {
  return async (writer, batch, deadline) => {
    // Each writer rotates over streams of its own, with exact expected revisions.
    const streams = Array.from({ length: 8 }, (_, i) => ({
      id: `${category}-${runId}w${writer}s${i}`,
      revision: -1,
    }));
    let written = 0;
    for (let n = 0; Date.now() < deadline; n++) {
      const stream = streams[n % streams.length];
      const events = Array.from({ length: batch }, () => benchEvent(n));
      const result = await store.appendToStream(stream.id, events, {
        expectedRevision: stream.revision < 0 ? 'noStream' : stream.revision,
      });
      stream.revision = result.nextExpectedRevision;
      written += batch;
    }
    return written;
  };
}

/** Measuring time, from the constants above; setup and the database's cleanup add a little. */
export const estimatedSeconds =
  BATCHES.reduce((sum, batch) => sum + (batch > 1 ? 6 : 5), 0) *
    WRITERS.length *
    ROUNDS *
    SECONDS_PER_ROUND +
  3 * READ_SECONDS +
  15;

export const rate = (perSecond: number) => `${Math.round(perSecond).toLocaleString('en-US')}/s`;

export default async function run(): Promise<void> {
  const database = await createTestDatabase({ prefix: 'bench' });
  const pool = new Pool({ connectionString: database.appUrl, max: 20 });
  pool.on('error', () => undefined); // drop() ends connections the pool is still closing
  const store = new PostgresEventStore(pool);
  const checkedStore = new PostgresEventStore(pool, { knownStreamHeads: 0 });
  const silentStore = new PostgresEventStore(pool, { announceAppends: false });
  try {
    await migrate(database.ownerUrl, { appRole: testRoles.app.name });
    const owner = new Client({ connectionString: database.ownerUrl });
    await owner.connect();
    await owner.query(`create table bench_raw_events (
      transaction_id xid8 not null default pg_current_xact_id(),
      sequence bigint not null generated always as identity,
      event_id uuid not null, stream_id text not null, stream_revision bigint not null, type text not null,
      case_id text, document text not null, prev_hash bytea not null, hash bytea not null)`);
    // The events table's keys and indexes (unique event id, unique stream revision, position,
    // case), its defaults and generated column; no trigger, no check, no function.
    await owner.query(`create table bench_raw_keyed (like event_store.events
      including defaults including identity including generated including indexes)`);
    await owner.query(
      `grant select, insert on bench_raw_events, bench_raw_keyed to ${testRoles.app.name}`,
    );
    await owner.end();

    console.log('rates in events/s; each row is printed once measured');
    const table = streamingTable([
      { title: 'operation', width: 26 },
      { title: 'writers' },
      { title: 'event store', width: 9 },
      { title: 'raw INSERT', width: 9 },
      { title: 'ratio' },
      { title: 'goal', width: 8 },
      { title: 'raw, same keys' },
      { title: 'ratio' },
      { title: 'checked', width: 9 },
      { title: 'ratio' },
      { title: 'raw, joined' },
      { title: 'ratio' },
      { title: 'no NOTIFY', width: 9 },
      { title: 'ratio' },
    ]);
    for (const batch of BATCHES) {
      for (const writers of WRITERS) {
        const sides = {
          raw: { writer: rawWriter(pool, 'bench_raw_events', 'array'), total: 0 },
          // One event's document is a plain parameter either way: only batches differ.
          rawJoined:
            batch > 1
              ? { writer: rawWriter(pool, 'bench_raw_events', 'joined'), total: 0 }
              : undefined,
          keyed: { writer: rawWriter(pool, 'bench_raw_keyed', 'joined'), total: 0 },
          stored: { writer: storeWriter(store, 'bench'), total: 0 },
          checked: { writer: storeWriter(checkedStore, 'benchChecked'), total: 0 },
          silent: { writer: storeWriter(silentStore, 'benchSilent'), total: 0 },
        };
        // Interleaved rounds, each starting with another side, so drift in the machine's speed
        // (and a checkpoint's burst of full-page writes) hits every side alike.
        const order = Object.values(sides).filter((side) => side !== undefined);
        for (let round = 0; round < ROUNDS; round++) {
          runId++;
          for (let i = 0; i < order.length; i++) {
            const side = order[(round + i) % order.length];
            side.total += await measure(writers, batch, side.writer);
          }
        }
        const [raw, keyed, stored, checked] = [
          sides.raw.total,
          sides.keyed.total,
          sides.stored.total,
          sides.checked.total,
        ];
        const goal = batch === 1 ? 0.6 : 0.8;
        table.row([
          `append ${batch === 1 ? 'single event' : `${batch}-event batch`}`,
          String(writers),
          rate(stored / ROUNDS),
          rate(raw / ROUNDS),
          (stored / raw).toFixed(2),
          stored / raw >= goal ? `≥ ${goal} ok` : `< ${goal}`,
          rate(keyed / ROUNDS),
          (stored / keyed).toFixed(2),
          rate(checked / ROUNDS),
          (checked / raw).toFixed(2),
          sides.rawJoined ? rate(sides.rawJoined.total / ROUNDS) : '–',
          sides.rawJoined ? (stored / sides.rawJoined.total).toFixed(2) : '',
          rate(sides.silent.total / ROUNDS),
          (stored / sides.silent.total).toFixed(2),
        ]);
      }
    }

    const total = Number(
      (await pool.query('select count(*) from event_store.events')).rows[0].count,
    );
    table.row([`(reads over the ${total.toLocaleString('en-US')} events stored)`]);

    let read = 0;
    let started = performance.now();
    let from = Position.start;
    while (performance.now() - started < READ_SECONDS * 1000) {
      const page = await store.readAll({ from, maxCount: 1000 });
      if (!page.length) break;
      read += page.length;
      from = page[page.length - 1].position;
    }
    table.row([
      'readAll (pages of 1000)',
      '1',
      rate(read / ((performance.now() - started) / 1000)),
    ]);

    const streamIds = (
      await pool.query<{ stream_id: string }>(
        `select stream_id from event_store.events where stream_id like 'bench-%' group by stream_id order by random() limit 2000`,
      )
    ).rows.map((r) => r.stream_id);
    read = 0;
    started = performance.now();
    for (const streamId of streamIds) {
      if (performance.now() - started > READ_SECONDS * 1000) break;
      read += (await store.readStream(streamId)).length;
    }
    table.row([
      'readStream (whole streams)',
      '1',
      rate(read / ((performance.now() - started) / 1000)),
    ]);

    let checked = 0;
    started = performance.now();
    const stop = new Error('enough');
    await verifyAll(pool, {
      onProgress: (progress) => {
        checked = progress.eventsChecked;
        if (performance.now() - started > READ_SECONDS * 1000) throw stop;
      },
    }).catch((error: unknown) => {
      if (error !== stop) throw error;
    });
    table.row(['verifyAll', '1', rate(checked / ((performance.now() - started) / 1000))]);
  } finally {
    await store.close();
    await checkedStore.close();
    await silentStore.close();
    await pool.end();
    await database.drop();
  }
}
