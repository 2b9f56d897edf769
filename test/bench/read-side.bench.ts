// `npm run bench -- read-side`: the read side (case-query) against baselines measured in the same
// run, on one database the write services' roles fill as they would.
//
// 1. Rebuild: rebuildReadModel (the rebuild CLI's function: the service's projection run by the
//    kit's ProjectionRunner as the service's role into a fresh schema, then switched in) over
//    BENCH_READ_SIDE_EVENTS stored events (default 1,000,000), against a plain reader of the same
//    events: readAll pages, the same pure folds in memory, and the same rows written once with
//    multi-row INSERTs into a copy of the tables. Goal ≥ 0.5 of it; target 50,000 events/s. Both
//    sides' rows are compared at the end.
// 2. Command → visible: one command's events appended as its write service appends them, then
//    GET /cases/:id with X-Min-Position until case-query answers at that position, at 50 and 200
//    commands/s (open loop). Baseline: the same append followed by the same GET without waiting.
//    When the store's horizon and the read model's checkpoint passed each append is timed too,
//    to tell the store's visibility, the projection and the HTTP wait apart.
// 3. GET /cases over the read model the rebuild left (about 100,000 cases): a few filters and
//    pages. Baselines: a bare `select 1` round trip and GET /health/live.
//
// The store is filled through PostgresEventStore with whole case paths of
// `@dinsos/case-summary/testing`, each case's copy given its own case, client, office and dates
// and cut after a random event (most cases are still open), 2% with a complaint about them. A
// command (the consecutive events of one stream) is one append; parallel writers each interleave
// a wave of cases, a command of each in turn, as days of work interleave cases, and put a turn's
// appends of one service in one transaction (one log sync per turn, not per command). Everything
// (the writers, case-query, the load) runs in this process beside PostgreSQL on the same two
// cores, so the figures are those of a machine shared by all of it.
import { randomUUID } from 'node:crypto';
import {
  evolveCaseSummary,
  evolveComplaintSummary,
  initialCaseSummary,
  initialComplaintSummary,
  type CaseSummary,
  type ComplaintSummary,
} from '@dinsos/case-summary';
import { bantenPath, bekasiPath, ids } from '@dinsos/case-summary/testing';
import {
  contexts,
  latestEventDefinition,
  owningContextOf,
  serviceOwnerRoleName,
  serviceRoleName,
  validateEvent,
  type ServiceName,
} from '@dinsos/contracts';
import {
  Position,
  PostgresEventStore,
  type NewEvent,
  type RecordedEvent,
} from '@dinsos/event-store';
import { withSearchPath } from '@dinsos/platform';
import { serviceStandards } from '@dinsos/service-standards';
import { Pool } from 'pg';
import type { AddressInfo } from 'node:net';
import { caseQueryServiceName } from '../../services/case-query/src/case-query-config';
import {
  caseRecordOf,
  complaintRecordOf,
  readModelProjectionName,
} from '../../services/case-query/src/read-model/read-model.projection';
import { rebuildReadModel } from '../../services/case-query/src/read-model/rebuild';
import { complaintReceived } from '../../services/case-query/src/testing/store-events';
import { streamingTable } from './table';
import { deployCaseQuery } from '../../services/case-query/src/testing/deployment';

const EVENTS = Number(process.env.BENCH_READ_SIDE_EVENTS ?? 1_000_000);
/** Parallel writers filling the store. */
const WRITERS = 12;
/** Cases a writer interleaves: it appends each one's next command in turn. */
const CASES_PER_WAVE = 100;
/** Seconds of each command-rate round (and of its baseline). */
const COMMAND_SECONDS = Number(process.env.BENCH_READ_SIDE_COMMAND_SECONDS ?? 8);
const COMMAND_RATES = [50, 200];
/** Requests per list query (after a few to warm up). */
const QUERIES = Number(process.env.BENCH_READ_SIDE_QUERIES ?? 150);
/** Seconds a list query's requests may take, once 50 are measured. */
const LIST_SECONDS = 15;
const ROUND_TRIPS = 500;
/** How long the diagnostic reads the store alone. */
const DIAGNOSTIC_SECONDS = 8;

const goals = { rebuildRatio: 0.5, rebuildRate: 50_000, visibleP99Ms: 100, listP99Ms: 50 };

/**
 * Rates seen on this shared two-core machine: filling about 3,500 events/s, the plain rebuild
 * about 16,000/s, the projection about 11,000/s; then the list queries (up to LIST_SECONDS each
 * when slow) and the command rounds.
 */
export const estimatedSeconds = Math.round(
  20 +
    EVENTS / 3_500 +
    EVENTS / 16_000 +
    EVENTS / 11_000 +
    DIAGNOSTIC_SECONDS +
    9 * Math.min(QUERIES * 0.1, LIST_SECONDS) +
    2 * COMMAND_RATES.length * (COMMAND_SECONDS + 2),
);

// Regencies and cities of Banten: the Bekasi-standard cases are spread over them; the Banten
// standard's cases stay at the province (36), as its path has them.
const regencies = ['3601', '3602', '3603', '3604', '3671', '3672', '3673', '3674'];

interface TemplateEvent {
  streamId: string;
  service: ServiceName;
  /** The NewEvent (without eventId and correlationId), as JSON text to copy. */
  text: string;
}

interface Template {
  caseId: string;
  officeCode: string;
  events: TemplateEvent[];
}

function templateOf(path: ReturnType<typeof bekasiPath>): Template {
  const first = path[0];
  return {
    caseId: String(first.caseId),
    officeCode: first.officeCode,
    events: path.map((event) => ({
      streamId: event.streamId,
      service: contexts[owningContextOf(event.type)].service,
      text: JSON.stringify({
        type: event.type,
        schemaVersion: event.schemaVersion,
        ...(event.caseId ? { caseId: event.caseId } : {}),
        subjectIds: [ids.clientId],
        officeCode: event.officeCode,
        occurredAt: event.occurredAt,
        actor: event.actor,
        causationId: null,
        ...(event.serviceStandard ? { serviceStandard: event.serviceStandard } : {}),
        payload: event.payload,
      }),
    })),
  };
}

const wibInstant = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{3})?\+07:00/g;
const wibOffsetMs = 7 * 3600_000;
const shiftedInstant = (instant: string, byMs: number) =>
  new Date(Date.parse(instant) + byMs + wibOffsetMs).toISOString().replace('Z', '+07:00');

interface Command {
  streamId: string;
  service: ServiceName;
  events: NewEvent[];
}

interface GeneratedCase {
  caseId: string;
  officeCode: string;
  /** Its commands in order: consecutive events of one stream, appended together. */
  commands: Command[];
  eventCount: number;
}

/**
 * Copies of the two paths, each with its own case, client, office and dates (a start within the
 * 14 months before March 2026), cut after a random event: most cases are still open. 2% also get
 * a complaint about them (the complaints context), right after their first command.
 */
function caseGenerator(firstNumber: number) {
  const templates = [templateOf(bekasiPath()), templateOf(bantenPath())];
  let number = firstNumber;
  let validated = false;
  return (): GeneratedCase => {
    number += 1;
    const template = templates[Math.random() < 0.7 ? 0 : 1];
    const officeCode = template.officeCode === '36' ? '36' : regencies[number % regencies.length];
    const caseId = `${officeCode}-2026-${String(number).padStart(7, '0')}`;
    const clientId = randomUUID();
    const shiftMs = -Math.floor(Math.random() * 420 * 86_400_000);
    const length = template.events.length;
    const cut = Math.max(1, Math.ceil(length * Math.random() ** 1.5));
    const events = template.events.slice(0, cut).map(({ streamId, service, text }) => {
      let copied = text.replaceAll(template.caseId, caseId).replaceAll(ids.clientId, clientId);
      if (officeCode !== template.officeCode) {
        copied = copied.replaceAll(`"${template.officeCode}"`, `"${officeCode}"`);
      }
      copied = copied.replace(wibInstant, (instant) => shiftedInstant(instant, shiftMs));
      const event = JSON.parse(copied) as Omit<NewEvent, 'eventId' | 'correlationId'>;
      return {
        streamId: streamId.replaceAll(template.caseId, caseId).replaceAll(ids.clientId, clientId),
        service,
        event: { eventId: randomUUID(), correlationId: randomUUID(), ...event } as NewEvent,
      };
    });
    if (!validated) {
      // The copies' payloads are the templates' with other values: check one of each once.
      validated = true;
      for (const template of templates) {
        for (const { text } of template.events) {
          const { type, schemaVersion, payload } = JSON.parse(
            text.replace(wibInstant, (instant) => shiftedInstant(instant, -86_400_000 * 100)),
          ) as NewEvent;
          const checked = validateEvent(type, schemaVersion, payload);
          if (!checked.ok) throw new Error(`${type}: ${JSON.stringify(checked.issues)}`);
        }
      }
    }
    const commands: Command[] = [];
    for (const { streamId, service, event } of events) {
      const last = commands[commands.length - 1];
      if (last?.streamId === streamId) last.events.push(event);
      else commands.push({ streamId, service, events: [event] });
    }
    if (Math.random() < 0.02) {
      const at = events[0].event.occurredAt;
      const { event } = complaintReceived(officeCode, at, caseId);
      const { type, streamId, ...envelope } = event;
      commands.splice(1, 0, {
        streamId: String(streamId),
        service: 'complaints',
        events: [
          {
            ...envelope,
            occurredAt: at,
            eventId: randomUUID(),
            type,
            schemaVersion: latestEventDefinition(type).version,
            subjectIds: [],
            actor: { id: 'complaints-officer', role: 'service', officeCode },
            correlationId: randomUUID(),
            causationId: null,
          } as NewEvent,
        ],
      });
    }
    return {
      caseId,
      officeCode,
      commands,
      eventCount: commands.reduce((sum, command) => sum + command.events.length, 0),
    };
  };
}

const later = (a: string, b: string) => (a > b ? a : b);

/** The write services' stores, each on its own role (its categories only), as they append. */
class WriteServices {
  private readonly stores = new Map<ServiceName, Promise<PostgresEventStore>>();
  /** Each stream's next expected revision, as its service knows it after its own appends. */
  private readonly revisions = new Map<string, number>();

  constructor(
    private readonly urlAs: (role: string) => string,
    private readonly poolSize: number,
  ) {}

  private storeOf(service: ServiceName): Promise<PostgresEventStore> {
    let store = this.stores.get(service);
    if (!store) {
      store = (async () => {
        const created = new PostgresEventStore(this.urlAs(serviceRoleName(service)), {
          poolSize: this.poolSize,
          knownStreamHeads: 200_000,
          listenForAppends: false,
        });
        // Read once on a connection of the pool: not while every connection is in a writer's
        // transaction.
        await created.categoryAccess();
        return created;
      })();
      this.stores.set(service, store);
    }
    return store;
  }

  async append(command: Command): Promise<string> {
    const revision = this.revisions.get(command.streamId);
    const result = await (
      await this.storeOf(command.service)
    ).appendToStream(command.streamId, command.events, {
      expectedRevision: revision === undefined ? 'noStream' : revision,
    });
    this.revisions.set(command.streamId, result.nextExpectedRevision);
    return result.position.toString();
  }

  /**
   * Commands of many cases at once, for filling the store: one transaction per service, so
   * PostgreSQL syncs its log once per batch of commands rather than once per command. Returns
   * the last position.
   */
  async appendTogether(commands: Command[]): Promise<string> {
    const byService = new Map<ServiceName, Command[]>();
    for (const command of commands) {
      byService.set(command.service, [...(byService.get(command.service) ?? []), command]);
    }
    let last = '';
    for (const [service, own] of byService) {
      const store = await this.storeOf(service);
      const client = await store.pool.connect();
      try {
        await client.query('begin');
        for (const command of own) {
          const revision = this.revisions.get(command.streamId);
          const result = await store.appendToStream(command.streamId, command.events, {
            expectedRevision: revision === undefined ? 'noStream' : revision,
            transaction: client,
          });
          this.revisions.set(command.streamId, result.nextExpectedRevision);
          last = later(last, result.position.toString());
        }
        await client.query('commit');
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    }
    return last;
  }

  async close(): Promise<void> {
    for (const store of this.stores.values()) await (await store).close();
  }
}

/**
 * Fills the store with at least `total` events: each writer takes a wave of cases and appends
 * their commands in turns (every case's first, then every case's second, …).
 */
async function fillStore(writers: WriteServices, total: number) {
  const nextCase = caseGenerator(0);
  let events = 0;
  let cases = 0;
  let last = '';
  const wave = () => {
    const taken: GeneratedCase[] = [];
    while (events < total && taken.length < CASES_PER_WAVE) {
      const generated = nextCase();
      events += generated.eventCount;
      cases += 1;
      taken.push(generated);
    }
    return taken;
  };
  const writer = async () => {
    for (let taken = wave(); taken.length > 0; taken = wave()) {
      for (let step = 0; ; step++) {
        const due = taken.filter((generated) => step < generated.commands.length);
        if (due.length === 0) break;
        const appended = await writers.appendTogether(
          due.map((generated) => generated.commands[step]),
        );
        last = later(last, appended);
      }
    }
  };
  await Promise.all(Array.from({ length: WRITERS }, writer));
  return { events, cases, last };
}

/**
 * Tells when a position is passed by what one query reads, polled on one connection for every
 * waiting command: the store's gap-free horizon (a position is its transaction's id and a
 * sequence; readAll shows a transaction's events once no older transaction is running, in the
 * whole cluster), or the read model's checkpoint.
 */
class PositionWatch {
  private readonly waiting: Array<{ position: string; passed: () => void }> = [];
  private polling = false;

  constructor(
    private readonly pool: Pool,
    private readonly sql: string,
    private readonly passes: (position: string, read: string) => boolean,
  ) {}

  static horizon(pool: Pool): PositionWatch {
    return new PositionWatch(
      pool,
      'select pg_catalog.pg_snapshot_xmin(pg_catalog.pg_current_snapshot())::text as value',
      (position, xmin) => BigInt(`0x${position.slice(0, 16)}`) < BigInt(xmin),
    );
  }

  static checkpoint(pool: Pool, name: string): PositionWatch {
    return new PositionWatch(
      pool,
      `select position as value from platform_projection_checkpoints where name = '${name}'`,
      (position, checkpoint) => checkpoint >= position,
    );
  }

  passed(position: string): Promise<void> {
    return new Promise((passed) => {
      this.waiting.push({ position, passed });
      if (!this.polling) void this.poll();
    });
  }

  private async poll(): Promise<void> {
    this.polling = true;
    while (this.waiting.length > 0) {
      const { rows } = await this.pool.query<{ value: string }>(this.sql);
      const read = rows[0]?.value ?? '';
      for (let i = this.waiting.length - 1; i >= 0; i--) {
        const { position, passed } = this.waiting[i];
        if (this.passes(position, read)) {
          this.waiting.splice(i, 1);
          passed();
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    this.polling = false;
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const perSecond = (value: number) => `${Math.round(value).toLocaleString('en-US')}/s`;
const count = (value: number) => value.toLocaleString('en-US');

const caseColumns = [
  'case_id',
  'case_number',
  'office_code',
  'stage',
  'custodian_kind',
  'client_category',
  'standard_code',
  'standard_version',
  'reported_at',
  'opened_at',
  'closed_at',
  'next_due_at',
  'late_clocks',
  'read_grant_office_codes',
  'last_position',
  'summary',
];
const complaintColumns = [
  'complaint_id',
  'complaint_number',
  'office_code',
  'case_id',
  'status',
  'received_at',
  'last_position',
  'summary',
];

/** One multi-row INSERT … VALUES per chunk of rows. */
async function insertRows(
  pool: Pool,
  table: string,
  columns: string[],
  records: Array<Record<string, unknown>>,
): Promise<void> {
  // PostgreSQL takes at most 65,535 parameters a statement.
  const perStatement = Math.floor(60_000 / columns.length);
  for (let from = 0; from < records.length; from += perStatement) {
    const chunk = records.slice(from, from + perStatement);
    const values: unknown[] = [];
    const rows = chunk.map((record) => {
      const placeholders = columns.map((column) => {
        const value = record[column];
        values.push(column === 'summary' ? JSON.stringify(value) : value);
        return `$${values.length}`;
      });
      return `(${placeholders.join(', ')})`;
    });
    await pool.query(
      `insert into ${table} (${columns.join(', ')}) values ${rows.join(', ')}`,
      values,
    );
  }
}

/**
 * The plain reader: readAll pages from the first event, the same folds in memory, every row
 * written once at the end with multi-row INSERTs. No checkpoint, no transactions of its own.
 */
async function plainRebuild(store: PostgresEventStore, pool: Pool): Promise<void> {
  const cases = new Map<string, CaseSummary>();
  const complaints = new Map<string, ComplaintSummary>();
  const options = { standards: serviceStandards };
  let from = Position.start;
  for (;;) {
    const page = await store.readAll({ from, maxCount: 1000 });
    if (page.length === 0) break;
    for (const event of page) {
      if (event.caseId) {
        const summary = cases.get(event.caseId) ?? initialCaseSummary(event.caseId);
        cases.set(event.caseId, evolveCaseSummary(summary, event, options));
      }
      if (event.streamId.startsWith('complaint-')) {
        const key = event.streamId.slice('complaint-'.length);
        const summary = complaints.get(key) ?? initialComplaintSummary(key);
        complaints.set(key, evolveComplaintSummary(summary, event));
      }
    }
    from = page[page.length - 1].position;
  }
  const kept = <S>(summaries: Map<string, S>) =>
    [...summaries.values()].filter(
      (summary) => (summary as { lastPosition: string | null }).lastPosition !== null,
    );
  await insertRows(pool, 'bench_plain_case_summaries', caseColumns, kept(cases).map(caseRecordOf));
  await insertRows(
    pool,
    'bench_plain_complaint_summaries',
    complaintColumns,
    kept(complaints).map(complaintRecordOf),
  );
}

/**
 * Where the plain reader's time goes: readAll pages alone for a few seconds, then the folds of
 * the events read, in memory only.
 */
async function readAndFoldApart(store: PostgresEventStore) {
  const events: RecordedEvent[] = [];
  let from = Position.start;
  const readStarted = performance.now();
  while (performance.now() - readStarted < DIAGNOSTIC_SECONDS * 1000) {
    const page = await store.readAll({ from, maxCount: 1000 });
    if (page.length === 0) break;
    events.push(...page);
    from = page[page.length - 1].position;
  }
  const readRate = events.length / ((performance.now() - readStarted) / 1000);
  const cases = new Map<string, CaseSummary>();
  const options = { standards: serviceStandards };
  const foldStarted = performance.now();
  for (const event of events) {
    if (!event.caseId) continue;
    const summary = cases.get(event.caseId) ?? initialCaseSummary(event.caseId);
    cases.set(event.caseId, evolveCaseSummary(summary, event, options));
  }
  const foldRate = events.length / ((performance.now() - foldStarted) / 1000);
  return { readRate, foldRate, folded: events.length };
}

/** Every column of every row, hashed: equal for equal tables. */
async function tableDigest(pool: Pool, table: string, key: string, columns: string[]) {
  const { rows } = await pool.query<{ rows: string; digest: string }>(
    `select count(*)::text as rows,
            coalesce(sum(hashtextextended(row(${columns.join(', ')})::text, 0)), 0)::text as digest
       from ${table}`,
  );
  return `${rows[0].rows}:${rows[0].digest}:${key}`;
}

async function roundTrips(pool: Pool): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const start = performance.now();
    await pool.query('select 1');
    times.push(performance.now() - start);
  }
  return times;
}

export default async function run(): Promise<void> {
  const deployment = await deployCaseQuery({ LOG_LEVEL: 'warn' });
  const schema = 'case_query';
  const ownerPool = new Pool({
    connectionString: withSearchPath(
      deployment.database.urlAs(serviceOwnerRoleName(caseQueryServiceName)),
      schema,
    ),
    max: 2,
  });
  const servicePool = new Pool({ connectionString: deployment.serviceDatabaseUrl, max: 8 });
  const writers = new WriteServices((role) => deployment.database.urlAs(role), WRITERS);
  for (const pool of [ownerPool, servicePool]) pool.on('error', () => undefined);
  try {
    const table = streamingTable([
      { title: 'measure', width: 52 },
      { title: 'figure', width: 24 },
      { title: 'ratio', width: 5 },
      { title: 'goal' },
    ]);
    const row = (measure: string, figure = '', ratio = '', goal = '') =>
      table.row([measure, figure, ratio, goal]);

    const fillStarted = performance.now();
    const filled = await fillStore(writers, EVENTS);
    const fillSeconds = (performance.now() - fillStarted) / 1000;
    row(
      `fill: ${count(filled.events)} events, ${count(filled.cases)} cases, ${WRITERS} writers`,
      `${fillSeconds.toFixed(0)} s, ${perSecond(filled.events / fillSeconds)}`,
    );
    // As autovacuum soon does on a live store: without statistics each readAll page is planned
    // as a scan and sort of every later event.
    const admin = new Pool({ connectionString: deployment.database.adminUrl, max: 1 });
    await admin.query('analyze event_store.events');
    await admin.end();

    // 1. Rebuild.
    await ownerPool.query(`
      create table bench_plain_case_summaries (like case_summaries including all);
      create table bench_plain_complaint_summaries (like complaint_summaries including all);
      grant select, insert on bench_plain_case_summaries, bench_plain_complaint_summaries
        to ${serviceRoleName(caseQueryServiceName)}`);
    const reader = new PostgresEventStore(servicePool, {
      listenForAppends: false,
      announceAppends: false,
    });
    let started = performance.now();
    await plainRebuild(reader, servicePool);
    const plainSeconds = (performance.now() - started) / 1000;
    const plainRate = filled.events / plainSeconds;
    row(
      'rebuild baseline: readAll pages, fold, multi-row INSERT',
      `${plainSeconds.toFixed(1)} s, ${perSecond(plainRate)}`,
      '1',
    );
    const parts = await readAndFoldApart(reader);
    row(
      `  diagnostic: readAll alone, first ${DIAGNOSTIC_SECONDS} s`,
      perSecond(parts.readRate),
      (parts.readRate / plainRate).toFixed(2),
      '(the store read path)',
    );
    row(
      `  diagnostic: the folds alone, in memory`,
      perSecond(parts.foldRate),
      (parts.foldRate / plainRate).toFixed(2),
      `(over ${count(parts.folded)} events)`,
    );

    // The rebuild CLI's function: a fresh schema beside the live one (the service's, empty:
    // no instance ran yet), the service's projection run there by the kit's ProjectionRunner as
    // the service's role, then the switch-over that makes its tables the live ones.
    let replayedAt = 0;
    started = performance.now();
    const rebuilt = await rebuildReadModel({
      ownerUrl: deployment.database.urlAs(serviceOwnerRoleName(caseQueryServiceName)),
      appUrl: deployment.databaseUrl,
      schema,
      switchOver: true,
      dropOld: true,
      onProgress: (progress) => {
        if (progress.phase !== 'replaying' && replayedAt === 0) replayedAt = performance.now();
      },
    });
    const projectionSeconds = (performance.now() - started) / 1000;
    if (rebuilt.position === null || rebuilt.position < filled.last) {
      throw new Error(`the rebuild stopped at ${rebuilt.position}, before ${filled.last}`);
    }
    const projectionRate = filled.events / projectionSeconds;
    const ratio = projectionRate / plainRate;
    row(
      'rebuild: rebuildReadModel (case-query projection)',
      `${projectionSeconds.toFixed(1)} s, ${perSecond(projectionRate)}`,
      ratio.toFixed(2),
      `≥ ${goals.rebuildRatio} ${ratio >= goals.rebuildRatio ? 'met' : 'not met'}; ` +
        `${perSecond(goals.rebuildRate)} ${projectionRate >= goals.rebuildRate ? 'met' : 'not met'}`,
    );
    row(
      '  of which replaying (fresh schema to caught up)',
      `${((replayedAt - started) / 1000).toFixed(1)} s, ` +
        perSecond(filled.events / ((replayedAt - started) / 1000)),
      '',
      `slowest batch ${rebuilt.slowestCommitMs} ms`,
    );
    const same =
      (await tableDigest(servicePool, 'case_summaries', 'cases', caseColumns)) ===
        (await tableDigest(servicePool, 'bench_plain_case_summaries', 'cases', caseColumns)) &&
      (await tableDigest(servicePool, 'complaint_summaries', 'complaints', complaintColumns)) ===
        (await tableDigest(
          servicePool,
          'bench_plain_complaint_summaries',
          'complaints',
          complaintColumns,
        ));
    const { rows: sizes } = await servicePool.query<{ cases: string; complaints: string }>(
      `select (select count(*) from case_summaries)::text as cases,
              (select count(*) from complaint_summaries)::text as complaints`,
    );
    row(
      `  rows: ${count(Number(sizes[0].cases))} cases, ${count(Number(sizes[0].complaints))} complaints`,
      same ? 'same on both sides' : 'DIFFER between sides',
    );
    // As autovacuum soon would: the rebuild's upserts leave about as many dead rows as live ones.
    await ownerPool.query('vacuum analyze case_summaries');
    await ownerPool.query('vacuum analyze complaint_summaries');

    // The service, on the read model just built: its runner starts at the rebuild's checkpoint.
    const instance = await deployment.start();
    await instance.app.listen(0, '127.0.0.1');
    const port = (instance.app.getHttpServer().address() as AddressInfo).port;
    const base = `http://127.0.0.1:${port}`;
    const province = await deployment.tokenFor('supervisor', '36');
    const regency = await deployment.tokenFor('social-worker', '3603');
    const get = (path: string, token: string, headers: Record<string, string> = {}) =>
      fetch(`${base}${path}`, { headers: { authorization: `Bearer ${token}`, ...headers } });

    const trips = await roundTrips(servicePool);
    row(
      `baseline: select 1 round trip, p50 / p99 (${ROUND_TRIPS})`,
      `${ms(percentile(trips, 50))} / ${ms(percentile(trips, 99))}`,
    );
    const health: number[] = [];
    for (let i = 0; i < ROUND_TRIPS; i++) {
      const start = performance.now();
      await (await fetch(`${base}/health/live`)).arrayBuffer();
      health.push(performance.now() - start);
    }
    const healthP50 = percentile(health, 50);
    row(
      `baseline: GET /health/live, p50 / p99 (${ROUND_TRIPS})`,
      `${ms(healthP50)} / ${ms(percentile(health, 99))}`,
    );

    // 3. The case list over the rebuilt read model.
    const lists: Array<[string, string, string]> = [
      ['province, default order (-openedAt), 50', '/cases', province],
      [
        'province, stage=assessment, sort=nextDueAt',
        '/cases?stage=assessment&sort=nextDueAt',
        province,
      ],
      ['province, overdue=true', '/cases?overdue=true', province],
      [
        'province, clientCategory + standard',
        '/cases?clientCategory=neglectedChild&standard=bekasi-layanan-rujukan',
        province,
      ],
      ['province, sort=caseNumber, limit=200', '/cases?sort=caseNumber&limit=200', province],
      ['province, q=part of a case number', '/cases?q=2026-00012', province],
      ['regency 3603, default order', '/cases', regency],
      [
        'regency 3603, opened in a quarter (days)',
        '/cases?openedFrom=2025-07-01&openedTo=2025-09-30',
        regency,
      ],
    ];
    const listTimes = async (path: string, token: string, requests = QUERIES) => {
      const times: number[] = [];
      const started = performance.now();
      for (let i = 0; i < requests + 5; i++) {
        // A slow query gets fewer requests (still 50), so the bench stays in its minutes.
        if (times.length >= 50 && performance.now() - started > LIST_SECONDS * 1000) break;
        const start = performance.now();
        const response = await get(path, token);
        const body = await response.arrayBuffer();
        if (response.status !== 200) {
          throw new Error(`${path}: ${response.status} ${Buffer.from(body).toString()}`);
        }
        if (i >= 5) times.push(performance.now() - start);
      }
      return times;
    };
    const listRow = (name: string, times: number[]) => {
      const p99 = percentile(times, 99);
      row(
        `GET /cases ${name} (${times.length})`,
        `${ms(percentile(times, 50))} / ${ms(p99)}`,
        (p99 / healthP50).toFixed(1),
        `p99 < ${goals.listP99Ms} ms ${p99 < goals.listP99Ms ? 'met' : 'not met'}`,
      );
    };
    row(
      `case list (requests), p50 / p99; ratio: p99 / health p50`,
      '',
      '',
      `(${count(Number(sizes[0].cases))} cases)`,
    );
    for (const [name, path, token] of lists) listRow(name, await listTimes(path, token));
    // Pages 2 to 5 of the province's default order, by their cursors.
    const cursorPaths: string[] = [];
    let next: string | null = (
      (await (await get('/cases', province)).json()) as { next: string | null }
    ).next;
    while (next && cursorPaths.length < 4) {
      const path = `/cases?after=${next}`;
      cursorPaths.push(path);
      next = ((await (await get(path, province)).json()) as { next: string | null }).next;
    }
    const paged: number[] = [];
    for (const path of cursorPaths)
      paged.push(...(await listTimes(path, province, Math.ceil(QUERIES / 4))));
    listRow('province, pages 2-5 by cursor', paged);

    // 2. Command → visible.
    const nextCase = caseGenerator(10_000_000);
    const active: GeneratedCase[] = [];
    const steps = new Map<GeneratedCase, number>();
    let turn = 0;
    /** The next command of one of 600 open cases, in turns: no two at once on one stream. */
    const nextCommand = (): { caseId: string; command: Command } => {
      while (active.length < 600) active.push(nextCase());
      const slot = turn++ % active.length;
      let generated = active[slot];
      let step = steps.get(generated) ?? 0;
      if (step >= generated.commands.length) {
        generated = active[slot] = nextCase();
        step = 0;
      }
      steps.set(generated, step + 1);
      return { caseId: generated.caseId, command: generated.commands[step] };
    };
    const commandRound = async (rate: number, wait: boolean) => {
      const total: number[] = [];
      const visible: number[] = [];
      const horizon: number[] = [];
      const projected: number[] = [];
      const appendTimes: number[] = [];
      const inFlight: Array<Promise<void>> = [];
      const started = performance.now();
      const commands = rate * COMMAND_SECONDS;
      for (let i = 0; i < commands; i++) {
        const due = started + (i * 1000) / rate;
        const delay = due - performance.now();
        if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
        const { caseId, command } = nextCommand();
        inFlight.push(
          (async () => {
            const start = performance.now();
            const position = await writers.append(command);
            const appended = performance.now();
            const seen = wait
              ? Promise.all([
                  horizonWatch
                    .passed(position)
                    .then(() => horizon.push(performance.now() - appended)),
                  checkpointWatch
                    .passed(position)
                    .then(() => projected.push(performance.now() - appended)),
                ])
              : undefined;
            for (;;) {
              const response = await get(
                `/cases/${caseId}`,
                province,
                wait ? { 'x-min-position': position } : {},
              );
              await response.arrayBuffer();
              const reflects = response.headers.get('x-store-position') ?? '';
              if (!wait || (response.status === 200 && reflects >= position)) break;
            }
            const done = performance.now();
            await seen;
            appendTimes.push(appended - start);
            visible.push(done - appended);
            total.push(done - start);
          })(),
        );
      }
      await Promise.all(inFlight);
      return {
        total,
        visible,
        horizon,
        projected,
        appendTimes,
        achieved: commands / ((performance.now() - started) / 1000),
      };
    };
    const horizonWatch = PositionWatch.horizon(servicePool);
    const checkpointWatch = PositionWatch.checkpoint(servicePool, readModelProjectionName);
    row(`command → visible, ${COMMAND_SECONDS} s a rate, open loop; p50 / p99`);
    for (const rate of COMMAND_RATES) {
      const floor = await commandRound(rate, false);
      row(
        `baseline at ${rate}/s: append, then GET /cases/:id (no wait)`,
        `${ms(percentile(floor.total, 50))} / ${ms(percentile(floor.total, 99))}`,
        '1',
      );
      const measured = await commandRound(rate, true);
      const p99 = percentile(measured.total, 99);
      row(
        `at ${rate}/s: append, then GET with X-Min-Position`,
        `${ms(percentile(measured.total, 50))} / ${ms(p99)}`,
        (p99 / percentile(floor.total, 99)).toFixed(2),
        `p99 < ${goals.visibleP99Ms} ms ${p99 < goals.visibleP99Ms ? 'met' : 'not met'}`,
      );
      const split = (name: string, times: number[], note = '') =>
        row(name, `${ms(percentile(times, 50))} / ${ms(percentile(times, 99))}`, '', note);
      split('  of which the append (to its commit)', measured.appendTimes);
      split('  commit → the store horizon passed it (readAll sees it)', measured.horizon);
      split('  commit → the read model checkpoint reached it', measured.projected);
      split(
        '  commit → case-query answered at its position',
        measured.visible,
        `(${perSecond(measured.achieved)} achieved)`,
      );
    }
  } finally {
    await writers.close();
    await ownerPool.end();
    await servicePool.end();
    await deployment.stop();
  }
}
