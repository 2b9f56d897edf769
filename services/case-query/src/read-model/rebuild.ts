import { serviceSchemaName } from '@dinsos/contracts';
import { Position, PostgresEventStore, type RecordedEvent } from '@dinsos/event-store';
import type { StoreProjection } from '@dinsos/platform';
import { serviceStandards, type ServiceStandardCatalogue } from '@dinsos/service-standards';
import { Client } from 'pg';
import { DataSource, type QueryRunner } from 'typeorm';
import { caseQueryServiceName } from '../case-query-config';
import { migrateReadModel } from './read-model.migrations';
import { readModelProjection, readModelProjectionName } from './read-model.projection';

/** The tables a switch-over moves: the read model's rows and the checkpoint they reflect. */
export const rebuiltTables = [
  'platform_projection_checkpoints',
  'case_summaries',
  'complaint_summaries',
] as const;

export interface RebuildProgress {
  /** Events projected into the fresh schema and committed. */
  done: number;
  /** The store's events at the start (more once the rebuild passes them: appended since). */
  total: number;
  /** Since the replay started (after the checks and the fresh schema). */
  eventsPerSecond: number;
  /** Null until a rate is known, 0 once caught up. */
  etaSeconds: number | null;
  /** Since the start. */
  elapsedMs: number;
  phase: 'replaying' | 'switching' | 'done';
}

export interface RebuildOptions {
  /** The owner of the service's schema (DATABASE_MIGRATION_URL): the DDL and the switch. */
  ownerUrl: string;
  /** The service's app role (DATABASE_URL): reads the store and writes the fresh tables, as the service does. */
  appUrl: string;
  /** The live read model's schema; default `case_query`. */
  schema?: string;
  /** The fresh schema; default `<schema>_rebuild_<UTC timestamp>`. Must not exist. */
  rebuildSchema?: string;
  /**
   * True (default): once caught up, the fresh tables replace the live ones. False: the fresh
   * schema is only built (and dropped afterwards unless `keepSchema`), for a comparison or a
   * benchmark.
   */
  switchOver?: boolean;
  /** Without a switch-over: keep the fresh schema (its name is in the result). */
  keepSchema?: boolean;
  /** After a switch-over: drop the schema the replaced tables were moved to. Default false. */
  dropOld?: boolean;
  /**
   * The most events one transaction applies (default 5000, at most 50000). Below it, each batch
   * is sized from the time per event so far to commit in about 0.4 s (BatchSizer); the result's
   * `slowestCommitMs` says how long the slowest took.
   */
  batchSize?: number;
  /** The standards catalogue the due dates come from; default the service's (`serviceStandards`). */
  standards?: ServiceStandardCatalogue;
  /** Called after every committed batch while replaying, and once per phase change. */
  onProgress?: (progress: RebuildProgress) => void;
  /** Aborts the rebuild before the switch-over: the fresh schema is dropped, nothing else changed. */
  signal?: AbortSignal;
}

export interface RebuildResult {
  /** The fresh schema (gone after a switch-over, or unless kept). */
  rebuildSchema: string;
  /** Where the replaced tables are after a switch-over (null: no switch, or dropped). */
  oldSchema: string | null;
  switched: boolean;
  /** Events projected from the first (including those of the switch's last catch-up). */
  eventsDone: number;
  durationMs: number;
  /** The store position the rebuilt tables reflected when they went live (or were left). */
  position: string | null;
  /** The longest any one of the rebuild's transactions took (batch and checkpoint). */
  slowestCommitMs: number;
}

/** Wrong options or a database that cannot be used: nothing was changed. */
export class RebuildRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RebuildRefused';
  }
}

/** The rebuild was aborted (its signal) before the switch-over; the fresh schema is dropped. */
export class RebuildAborted extends Error {
  constructor() {
    super('the rebuild was aborted before the switch-over; nothing was changed');
    this.name = 'RebuildAborted';
  }
}

const sqlName = /^[a-z_][a-z0-9_]{0,62}$/;

/** YYYYMMDDhhmmssSSS, UTC: schema names that sort by time. */
const utcStamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:T.]/g, '')
    .slice(0, 17);

const roleOf = (url: string) => decodeURIComponent(new URL(url).username);

/** "role@host:port/database", never the password. */
const whereOf = (url: string) => {
  const parsed = new URL(url);
  return `${decodeURIComponent(parsed.username)}@${parsed.host}${parsed.pathname}`;
};

async function connected(url: string, what: string): Promise<Client> {
  if (!/^postgres(ql)?:\/\//.test(url) || !URL.canParse(url)) {
    throw new RebuildRefused(`${what} is not a postgres:// URL`);
  }
  const timeoutMs = 5000;
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  client.on('error', () => undefined);
  const started = Date.now();
  try {
    await client.connect();
    return client;
  } catch (error) {
    await client.end().catch(() => undefined);
    // pg tells a timeout as "Connection terminated unexpectedly"; node's connect to a name of
    // several addresses fails with an AggregateError without a message.
    const first =
      error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
    const reason =
      Date.now() - started >= timeoutMs
        ? `no answer within ${timeoutMs / 1000} s`
        : first instanceof Error
          ? first.message || first.name
          : String(first);
    throw new RebuildRefused(`cannot connect to ${whereOf(url)} (${what}): ${reason}`);
  }
}

/**
 * Everything checked before anything is created: both roles connect, the owner owns the live
 * tables and may create a schema, the app role reads the store and is not the owner.
 */
async function preflight(
  owner: Client,
  app: Client,
  schema: string,
  fresh: string[],
): Promise<void> {
  const { rows } = await owner.query<{
    me: string;
    may_create: boolean;
    taken: string[];
    not_owned: string[];
  }>(
    `select current_user as me,
            has_database_privilege(current_database(), 'CREATE') as may_create,
            array(select nspname::text from pg_namespace where nspname = any($2::text[])) as taken,
            array(select t from unnest($3::text[]) t
                   where not exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                                      where n.nspname = $1 and c.relname = t
                                        and pg_get_userbyid(c.relowner) = current_user)) as not_owned`,
    [schema, fresh, [...rebuiltTables]],
  );
  const check = rows[0];
  if (check.not_owned.length > 0) {
    throw new RebuildRefused(
      `${check.me} does not own ${check.not_owned.map((t) => `${schema}.${t}`).join(', ')}: ` +
        `the owner URL must be the service schema's owner, after the service migrated it once`,
    );
  }
  if (!check.may_create) {
    throw new RebuildRefused(`${check.me} may not create a schema in this database`);
  }
  if (check.taken.length > 0) {
    throw new RebuildRefused(`the schema ${check.taken.join(', ')} exists already`);
  }
  const appCheck = await app.query<{ me: string; reads: boolean }>(
    `select current_user as me,
            has_table_privilege('event_store.events', 'SELECT') as reads`,
  );
  if (appCheck.rows[0].me === check.me) {
    throw new RebuildRefused('the app URL must name the service role, not the owner');
  }
  if (!appCheck.rows[0].reads) {
    throw new RebuildRefused(`${appCheck.rows[0].me} may not read the event store`);
  }
}

/** The store's size and its last visible event, as the app role sees it (what it projects). */
async function storeHead(app: Client): Promise<{ count: number; head: string | null }> {
  const count = await app.query<{ count: string }>(
    'select count(*)::text as count from event_store.events',
  );
  const last = await app.query<{ transaction_id: string; sequence: string }>(
    `select transaction_id::text, sequence::text from event_store.events
      order by transaction_id desc, sequence desc limit 1`,
  );
  const row = last.rows[0];
  return {
    count: Number(count.rows[0].count),
    head: row ? Position.of(BigInt(row.transaction_id), BigInt(row.sequence)).toString() : null,
  };
}

/**
 * The fresh schema as the owner: the live checkpoint table's shape (`like … including all`, so
 * it never drifts from the platform's migration), the read model's TypeORM migrations, and the
 * app role's grants, all in place before a single row is written or the schema goes live.
 */
async function createFreshSchema(
  ownerUrl: string,
  owner: Client,
  options: { schema: string; rebuildSchema: string; appRole: string },
): Promise<void> {
  const { schema, rebuildSchema, appRole } = options;
  // One simple-protocol query: its statements run as one implicit transaction, all or none.
  await owner.query(`
    create schema ${rebuildSchema};
    revoke all on schema ${rebuildSchema} from public;
    grant usage on schema ${rebuildSchema} to ${appRole};
    create table ${rebuildSchema}.platform_projection_checkpoints
      (like ${schema}.platform_projection_checkpoints including all);
    grant select, insert, update, delete on ${rebuildSchema}.platform_projection_checkpoints
      to ${appRole};`);
  await migrateReadModel(ownerUrl, { appRole, schema: rebuildSchema });
}

/** The owner's DataSource for the switch-over, on the fresh schema. */
const ownerDataSourceOf = (url: string, schema: string) =>
  new DataSource({
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    extra: { options: `-c search_path=${schema}`, max: 1, connectionTimeoutMillis: 5000 },
  });

/**
 * How many events the next transaction takes: sized from the time per event seen so far so
 * that a batch commits in about `targetMs` (well within the second a batch may take, with room
 * for a slower moment), growing at most twofold a batch, halved after a batch over a second.
 * Larger batches fold more events of one case into one row write, so the rebuild is faster the
 * larger they may be.
 */
export class BatchSizer {
  private perEventMs?: number;

  constructor(
    readonly max: number,
    public size = Math.min(100, max),
    private readonly targetMs = 400,
  ) {}

  record(events: number, ms: number): void {
    if (events === 0) return;
    const perEvent = Math.max(ms, 0.1) / events;
    this.perEventMs =
      this.perEventMs === undefined ? perEvent : 0.6 * this.perEventMs + 0.4 * perEvent;
    let next = Math.floor(this.targetMs / this.perEventMs);
    if (ms > 1000) next = Math.min(next, Math.floor(this.size / 2));
    // A short page (the head reached) says little about how large a batch may be.
    if (events < this.size) next = Math.min(next, this.size);
    this.size = Math.max(1, Math.min(this.max, next, this.size * 2));
  }
}

interface Tally {
  done: number;
  slowestMs: number;
}

const checkpointUpsert = `insert into platform_projection_checkpoints (name, position) values ($1, $2)
  on conflict (name) do update set position = excluded.position, updated_at = now()`;

/**
 * One batch into the tables on the transaction's search path: the projection's applyBatch and
 * the checkpoint in the same transaction, as the kit's ProjectionRunner writes them.
 */
async function applyInto(
  transaction: QueryRunner,
  projection: StoreProjection<undefined, QueryRunner>,
  events: readonly RecordedEvent[],
): Promise<string> {
  const position = events[events.length - 1].position.toString();
  await transaction.query(checkpointUpsert, [readModelProjectionName, position]);
  if (!projection.applyBatch) throw new Error('the read model is projected in batches');
  await projection.applyBatch(
    events,
    events.map(() => undefined),
    transaction,
  );
  return position;
}

/**
 * One transaction on a QueryRunner, as the kit's typeormTransactions runs a projection's (not
 * imported from the kit: the CLI starts without loading the whole platform).
 */
async function inTransaction<R>(
  dataSource: DataSource,
  work: (transaction: QueryRunner) => Promise<R>,
): Promise<R> {
  const runner = dataSource.createQueryRunner();
  try {
    await runner.startTransaction();
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
    throw error;
  } finally {
    await runner.release();
  }
}

const readPage = (store: PostgresEventStore, position: string | null, maxCount: number) =>
  store.readAll({ ...(position === null ? {} : { from: Position.parse(position) }), maxCount });

/**
 * Projects the store from `position` into the fresh schema, one transaction per batch, the next
 * page read while the batch is applied; returns once a page came back short (the store's head
 * reached) and `caughtUp` agrees.
 */
async function replay(options: {
  store: PostgresEventStore;
  dataSource: DataSource;
  projection: StoreProjection<undefined, QueryRunner>;
  sizer: BatchSizer;
  tally: Tally;
  /** The fresh checkpoint to go on from (null: the first event). */
  from: string | null;
  caughtUp: (position: string | null) => Promise<boolean>;
  onBatch: () => void;
  signal?: AbortSignal;
}): Promise<string | null> {
  const { store, dataSource, projection, sizer, tally } = options;
  let position = options.from;
  let asked = sizer.size;
  let next = readPage(store, position, asked);
  try {
    for (;;) {
      if (options.signal?.aborted) throw new RebuildAborted();
      const events = await next;
      if (events.length > 0) {
        const to = events[events.length - 1].position.toString();
        const size = sizer.size;
        next = readPage(store, to, size);
        const started = performance.now();
        await inTransaction(dataSource, (transaction) =>
          applyInto(transaction, projection, events),
        );
        const ms = performance.now() - started;
        tally.slowestMs = Math.max(tally.slowestMs, ms);
        tally.done += events.length;
        sizer.record(events.length, ms);
        position = to;
        options.onBatch();
        const full = events.length >= asked;
        asked = size;
        if (full) continue;
      }
      if (await options.caughtUp(position)) return position;
      if (events.length === 0) {
        await sleep(100, options.signal);
        asked = sizer.size;
        next = readPage(store, position, asked);
      }
    }
  } finally {
    // The page read ahead: never left running on a pool about to close.
    await next.catch(() => undefined);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * The switch-over, in one transaction as the owner, tried again when a lock is not had within
 * 2 s (lock_timeout) or a deadlock was detected.
 *
 * 1. `share row exclusive` on the live checkpoint table: waits for a live batch in flight, then
 *    stops the live runner's next commit (its checkpoint update comes first) but no read.
 * 2. The fresh schema replays, with its own commits, up to that frozen live checkpoint: a read
 *    that took its snapshot before the switch but reads the moved tables after it (it waited on
 *    a lock, then found the new tables by name) sees them at least as far as the live ones were,
 *    so an answer never reflects less than an `X-Min-Position` already confirmed.
 * 3. `access exclusive` on the live checkpoint table, then the live rows, then the fresh tables:
 *    the order in which the kit's reads and the live runner take them, so none deadlocks with it.
 *    The events appended since are applied in this transaction (the fresh schema goes live as
 *    far as the store is), the live tables move to `oldSchema` and the fresh ones into `schema`.
 *
 * The service's sessions find the new tables by name at their next statement; the live runner,
 * whose checkpoint moved, starts again from the fresh checkpoint.
 */
async function switchOver(options: {
  ownerUrl: string;
  schema: string;
  rebuildSchema: string;
  oldSchema: string;
  /** The fresh schema's checkpoint when the switch starts. */
  from: string | null;
  replayWith: Omit<Parameters<typeof replay>[0], 'from' | 'caughtUp'>;
}): Promise<string | null> {
  const { schema, rebuildSchema, oldSchema, replayWith } = options;
  const { store, projection, sizer, tally } = replayWith;
  let from = options.from;
  const dataSource = await ownerDataSourceOf(options.ownerUrl, rebuildSchema).initialize();
  try {
    for (let attempt = 1; ; attempt += 1) {
      const runner = dataSource.createQueryRunner();
      const started = performance.now();
      try {
        await runner.startTransaction();
        await runner.query(`set local lock_timeout = '2s'`);
        await runner.query(
          `lock table ${schema}.platform_projection_checkpoints in share row exclusive mode`,
        );
        const live = (await runner.query(
          `select position from ${schema}.platform_projection_checkpoints where name = $1`,
          [readModelProjectionName],
        )) as Array<{ position: string }>;
        const frozen = live[0]?.position;
        if (frozen !== undefined && (from ?? '') < frozen) {
          from = await replay({
            ...replayWith,
            onBatch: () => undefined,
            from,
            caughtUp: (reached) => Promise.resolve((reached ?? '') >= frozen),
          });
        }
        await runner.query(
          `lock table ${rebuiltTables.map((t) => `${schema}.${t}`).join(', ')},
                      ${rebuiltTables.map((t) => `${rebuildSchema}.${t}`).join(', ')}
             in access exclusive mode`,
        );
        const position = await catchUp(runner, store, projection, sizer, (n) => {
          tally.done += n;
        });
        // Other projections of the service keep their checkpoints.
        await runner.query(
          `insert into ${rebuildSchema}.platform_projection_checkpoints
             select * from ${schema}.platform_projection_checkpoints where name <> $1
           on conflict (name) do nothing`,
          [readModelProjectionName],
        );
        await runner.query(`create schema ${oldSchema}`);
        await runner.query(`revoke all on schema ${oldSchema} from public`);
        for (const table of rebuiltTables) {
          await runner.query(`alter table ${schema}.${table} set schema ${oldSchema}`);
        }
        for (const table of rebuiltTables) {
          await runner.query(`alter table ${rebuildSchema}.${table} set schema ${schema}`);
        }
        await runner.commitTransaction();
        tally.slowestMs = Math.max(tally.slowestMs, performance.now() - started);
        return position;
      } catch (error) {
        if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
        // 55P03 lock_not_available, 40P01 deadlock_detected: readers were in the way; again.
        const code = (error as { driverError?: { code?: string } }).driverError?.code;
        if (attempt >= 5 || (code !== '55P03' && code !== '40P01')) throw error;
      } finally {
        await runner.release();
      }
    }
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Applies the events after the fresh checkpoint (read as the app role) in the switch's
 * transaction, on its search path (the fresh schema), and moves the fresh checkpoint.
 */
async function catchUp(
  transaction: QueryRunner,
  store: PostgresEventStore,
  projection: StoreProjection<undefined, QueryRunner>,
  sizer: BatchSizer,
  applied: (count: number) => void,
): Promise<string | null> {
  const rows = (await transaction.query(
    'select position from platform_projection_checkpoints where name = $1',
    [readModelProjectionName],
  )) as Array<{ position: string }>;
  let position: string | null = rows[0]?.position ?? null;
  for (;;) {
    const asked = sizer.size;
    const events = await readPage(store, position, asked);
    if (events.length === 0) return position;
    position = await applyInto(transaction, projection, events);
    applied(events.length);
    if (events.length < asked) return position;
  }
}

async function dropSchema(ownerUrl: string, schema: string): Promise<void> {
  const client = await connected(ownerUrl, 'the owner URL');
  try {
    await client.query(`drop schema if exists ${schema} cascade`);
  } finally {
    await client.end();
  }
}

/**
 * Rebuilds case-query's read model from zero beside the live one: a fresh schema with the read
 * model's tables and a checkpoint table of its own; the service's projection run there from the
 * first event as the service's role, one transaction per batch (rows and checkpoint together, as
 * the kit's ProjectionRunner writes them; batches sized to commit in well under a second); and,
 * once it has reached the store's head as it was at the start and the live checkpoint, the
 * switch-over (see switchOver). The live read model answers all along. Everything is checked
 * before anything is created (RebuildRefused); a failure or an abort before the switch drops the
 * fresh schema and changes nothing else.
 */
export async function rebuildReadModel(options: RebuildOptions): Promise<RebuildResult> {
  const startedAt = Date.now();
  const schema = options.schema ?? serviceSchemaName(caseQueryServiceName);
  const stamp = utcStamp(new Date(startedAt));
  const rebuildSchema = options.rebuildSchema ?? `${schema}_rebuild_${stamp}`;
  const oldSchema = `${schema}_old_${stamp}`;
  const maxBatch = options.batchSize ?? 5000;
  const switching = options.switchOver ?? true;
  for (const name of [schema, rebuildSchema, oldSchema]) {
    if (!sqlName.test(name)) throw new RebuildRefused(`not a plain SQL name: ${name}`);
  }
  if (!Number.isInteger(maxBatch) || maxBatch < 1 || maxBatch > 50_000) {
    throw new RebuildRefused(`the batch size must be an integer from 1 to 50000, not ${maxBatch}`);
  }
  const owner = await connected(options.ownerUrl, 'the owner URL');
  let app: Client | undefined;
  let created = false;
  let switched = false;
  let oldDropped = false;
  let store: PostgresEventStore | undefined;
  let dataSource: DataSource | undefined;
  try {
    app = await connected(options.appUrl, 'the app URL');
    const appRole = roleOf(options.appUrl);
    if (!sqlName.test(appRole)) throw new RebuildRefused(`not a plain SQL role name: ${appRole}`);
    await preflight(owner, app, schema, switching ? [rebuildSchema, oldSchema] : [rebuildSchema]);
    // One rebuild of a schema at a time: a second would switch away the first's tables.
    const { rows } = await owner.query<{ locked: boolean }>(
      'select pg_try_advisory_lock(hashtext($1)) as locked',
      [`${schema}.read-model-rebuild`],
    );
    if (!rows[0].locked) throw new RebuildRefused(`a rebuild of ${schema} is running already`);
    const { count: total, head } = await storeHead(app);

    await createFreshSchema(options.ownerUrl, owner, { schema, rebuildSchema, appRole });
    created = true;

    const tally: Tally = { done: 0, slowestMs: 0 };
    const sizer = new BatchSizer(maxBatch);
    const projection = readModelProjection(options.standards ?? serviceStandards);
    store = new PostgresEventStore(options.appUrl, {
      poolSize: 2,
      listenForAppends: false,
      announceAppends: false,
    });
    // synchronous_commit off: a batch's commit does not wait for its WAL to reach the disk. A
    // crash loses at most the last batches of a schema that is not live; the switch-over commits
    // synchronously, which flushes everything written before it.
    dataSource = await new DataSource({
      type: 'postgres',
      url: options.appUrl,
      synchronize: false,
      migrationsRun: false,
      extra: {
        options: `-c search_path=${rebuildSchema} -c synchronous_commit=off`,
        max: 2,
        connectionTimeoutMillis: 5000,
      },
    }).initialize();
    const replayStartedAt = Date.now();
    const progress = (phase: RebuildProgress['phase']): RebuildProgress => {
      const elapsedMs = Date.now() - startedAt;
      const replayingMs = Date.now() - replayStartedAt;
      const eventsPerSecond = replayingMs > 0 ? (tally.done * 1000) / replayingMs : 0;
      const left = Math.max(total - tally.done, 0);
      return {
        done: tally.done,
        total: Math.max(total, tally.done),
        eventsPerSecond,
        etaSeconds: left === 0 ? 0 : eventsPerSecond > 0 ? left / eventsPerSecond : null,
        elapsedMs,
        phase,
      };
    };
    options.onProgress?.(progress('replaying'));
    let triesPastHead = 0;
    const replayWith = {
      store,
      dataSource,
      projection,
      sizer,
      tally,
      signal: options.signal,
      onBatch: () => options.onProgress?.(progress('replaying')),
    };
    let position = await replay({
      ...replayWith,
      from: null,
      // Caught up: past the store's head as it was at the start, and as far as the live read
      // model; under a steady stream of appends the live one may stay a step ahead, and the
      // switch-over applies what is left anyway (under its lock), so a few tries are enough.
      caughtUp: async (reached) => {
        if (head !== null && (reached ?? '') < head) return false;
        const live = await checkpointIn(owner, schema);
        triesPastHead += 1;
        return live === undefined || (reached ?? '') >= live || triesPastHead >= 5;
      },
    });
    if (switching) {
      if (options.signal?.aborted) throw new RebuildAborted();
      options.onProgress?.(progress('switching'));
      position = await switchOver({
        ownerUrl: options.ownerUrl,
        schema,
        rebuildSchema,
        oldSchema,
        from: position,
        replayWith,
      });
      switched = true;
      // Switched: tidying up may fail without undoing that (the result names what is left).
      await owner.query(`drop schema ${rebuildSchema} cascade`).catch(() => undefined);
      if (options.dropOld) {
        oldDropped = await owner.query(`drop schema ${oldSchema} cascade`).then(
          () => true,
          () => false,
        );
      }
    } else if (!options.keepSchema) {
      await owner.query(`drop schema ${rebuildSchema} cascade`);
    }
    await dataSource.destroy();
    dataSource = undefined;
    options.onProgress?.(progress('done'));
    return {
      rebuildSchema,
      oldSchema: switched && !oldDropped ? oldSchema : null,
      switched,
      eventsDone: tally.done,
      durationMs: Date.now() - startedAt,
      position,
      slowestCommitMs: Math.round(tally.slowestMs),
    };
  } catch (error) {
    if (dataSource?.isInitialized) await dataSource.destroy().catch(() => undefined);
    if (created && !switched) {
      await dropSchema(options.ownerUrl, rebuildSchema).catch(() => undefined);
    }
    throw error;
  } finally {
    await store?.close().catch(() => undefined);
    await app?.end().catch(() => undefined);
    await owner.end().catch(() => undefined);
  }
}

async function checkpointIn(client: Client, schema: string): Promise<string | undefined> {
  const { rows } = await client.query<{ position: string }>(
    `select position from ${schema}.platform_projection_checkpoints where name = $1`,
    [readModelProjectionName],
  );
  return rows[0]?.position;
}
