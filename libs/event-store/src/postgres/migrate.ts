import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Client, type DatabaseError } from 'pg';

/** Held for the whole run: any number of instances may start at once; one migrates, the rest wait. */
const MIGRATION_LOCK = [1163285331, 1] as const;
const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
const MIGRATION_FILE = /^(\d{4})_([a-z0-9_]+)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  sql: string;
  /** SHA-256 of the file: an applied migration must never change. */
  checksum: string;
}

/**
 * A role that connects to the store and what it may do there (DESIGN.md section 2): append to
 * (and read) the categories in `appends`, and read those in `reads`. `'*'` is every category: a
 * read-side role (audit, case-query, the sealer) reads `['*']`.
 */
export interface StoreRole {
  name: string;
  appends: readonly string[];
  reads?: readonly string[];
}

export interface MigrateOptions {
  /**
   * The roles that connect to the store. Each gets SELECT and INSERT only, row-level security
   * limits it to its categories, and its access rows are replaced with these at every run.
   */
  roles?: readonly StoreRole[];
  /** One role that may append to and read every category (a single service's test database). */
  appRole?: string;
  /** For the app role's sessions: a transaction left open holds back every subscriber. Default '30s'. */
  idleInTransactionSessionTimeout?: string;
  log?: (line: string) => void;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
  /**
   * Where idle_in_transaction_session_timeout was set: for the app role in this database (needs
   * CREATEROLE), else as this database's default (a role-wide setting of the app role wins then).
   */
  idleTimeoutSetFor: 'app role in this database' | 'this database';
}

export class MigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationError';
  }
}

export function listMigrations(directory = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(directory)
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => {
      const match = MIGRATION_FILE.exec(file);
      if (!match) throw new MigrationError(`migration file ${file} is not named NNNN_name.sql`);
      const sql = fs.readFileSync(path.join(directory, file), 'utf8');
      return {
        version: Number(match[1]),
        name: match[2],
        sql,
        checksum: createHash('sha256').update(sql).digest('hex'),
      };
    });
}

const label = (m: { version: number; name: string }) =>
  `${String(m.version).padStart(4, '0')}_${m.name}`;

const categoryName = /^([A-Za-z][A-Za-z0-9]*|\*)$/;

function rolesOf(options: MigrateOptions): StoreRole[] {
  const roles = [...(options.roles ?? [])];
  if (options.appRole !== undefined) roles.push({ name: options.appRole, appends: ['*'] });
  if (roles.length === 0) throw new MigrationError('name at least one role (roles or appRole)');
  for (const role of roles) {
    for (const category of [...role.appends, ...(role.reads ?? [])]) {
      if (!categoryName.test(category)) {
        throw new MigrationError(
          `role ${role.name}: "${category}" is not a stream category (letters and digits, or *)`,
        );
      }
    }
  }
  return roles;
}

async function checkAppRole(client: Client, appRole: string): Promise<void> {
  if (typeof appRole !== 'string' || appRole.length === 0)
    throw new MigrationError('a role name is required');
  const { rows } = await client.query<{ rolsuper: boolean; is_me: boolean; acts_as_me: boolean }>(
    `select r.rolsuper, r.rolname = current_user as is_me,
            pg_catalog.pg_has_role(r.oid, current_user, 'USAGE') as acts_as_me
       from pg_catalog.pg_roles r where r.rolname = $1`,
    [appRole],
  );
  const role = rows[0];
  if (!role) throw new MigrationError(`the app role ${appRole} does not exist; create it first`);
  if (role.is_me || role.acts_as_me) {
    throw new MigrationError(
      `the app role ${appRole} must not be (or act as) the migration role: it would own the tables`,
    );
  }
  if (role.rolsuper) throw new MigrationError(`the app role ${appRole} must not be a superuser`);
}

async function grantToAppRole(client: Client, appRole: string): Promise<void> {
  const app = client.escapeIdentifier(appRole);
  const statements = [
    `grant usage on schema event_store to ${app}`,
    `revoke all on table event_store.events, event_store.schema_migrations from ${app}`,
    `grant select on table event_store.events, event_store.schema_migrations to ${app}`,
    // Not transaction_id and sequence: their defaults give each row its place in the global order.
    `grant insert (event_id, stream_id, stream_revision, type, case_id, document, prev_hash, hash)
       on table event_store.events to ${app}`,
    `grant usage on sequence event_store.events_sequence_seq to ${app}`,
    `grant execute on function event_store.append_to_stream(text, text, bigint, uuid[], text[], text[], text[]) to ${app}`,
    `grant execute on function event_store.append_to_stream(text, text, bigint, uuid[], text[], text[], text) to ${app}`,
    `grant execute on function event_store.refuse_partial_append(text, bigint, int) to ${app}`,
  ];
  for (const statement of statements) await client.query(statement);
}

/** Replaces the role's rows in event_store.category_access with what it is configured to do. */
async function grantCategories(client: Client, role: StoreRole): Promise<void> {
  const reads = (role.reads ?? []).filter((category) => !role.appends.includes(category));
  await client.query('delete from event_store.category_access where role_name = $1', [role.name]);
  await client.query(
    `insert into event_store.category_access (role_name, category, may_append)
     select $1, category, may_append
       from unnest($2::text[], $3::boolean[]) as granted(category, may_append)`,
    [
      role.name,
      [...role.appends, ...reads],
      [...role.appends.map(() => true), ...reads.map(() => false)],
    ],
  );
}

const READ_SIDE_POLICY = 'events_read_every_category';

/**
 * The read side's policy, `using (true)` for exactly the roles that read '*' (per row, nothing
 * to evaluate). Recreated only when that set changed: changing a policy locks the events table.
 */
async function keepReadSidePolicy(client: Client): Promise<void> {
  const wanted = (
    await client.query<{ role_name: string }>(
      `select distinct role_name::text as role_name from event_store.category_access
        where category = '*' order by 1`,
    )
  ).rows.map((row) => row.role_name);
  const current = (
    await client.query<{ role_name: string }>(
      `select unnest(roles)::text as role_name from pg_catalog.pg_policies
        where schemaname = 'event_store' and tablename = 'events' and policyname = $1 order by 1`,
      [READ_SIDE_POLICY],
    )
  ).rows.map((row) => row.role_name);
  if (wanted.join(',') === current.join(',')) return;
  await client.query(`drop policy if exists ${READ_SIDE_POLICY} on event_store.events`);
  if (wanted.length === 0) return;
  await client.query(
    `create policy ${READ_SIDE_POLICY} on event_store.events for select
       to ${wanted.map((role) => client.escapeIdentifier(role)).join(', ')} using (true)`,
  );
}

async function setIdleTimeout(
  client: Client,
  appRole: string,
  timeout: string,
): Promise<MigrateResult['idleTimeoutSetFor']> {
  const database = client.escapeIdentifier(
    (await client.query<{ db: string }>('select current_database() as db')).rows[0].db,
  );
  const setting = `set idle_in_transaction_session_timeout = ${client.escapeLiteral(timeout)}`;
  await client.query('savepoint idle_timeout');
  try {
    await client.query(
      `alter role ${client.escapeIdentifier(appRole)} in database ${database} ${setting}`,
    );
    await client.query('release savepoint idle_timeout');
    return 'app role in this database';
  } catch (error) {
    if ((error as DatabaseError).code !== '42501') throw error;
    await client.query('rollback to savepoint idle_timeout');
    await client.query(`alter database ${database} ${setting}`);
    return 'this database';
  }
}

/**
 * Applies the versioned migrations (migrations/NNNN_name.sql) as the owner role, each in its own
 * transaction, under an advisory lock; then grants each role SELECT, INSERT (not the position
 * columns) and sequence usage — never UPDATE, DELETE or TRUNCATE — and writes which categories
 * it may append to and read. Safe to run at every start.
 */
export async function migrate(ownerUrl: string, options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => undefined);
  const roles = rolesOf(options);
  const migrations = listMigrations();
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('select pg_catalog.pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    for (const role of roles) await checkAppRole(client, role.name);
    await client.query('create schema if not exists event_store');
    await client.query(`create table if not exists event_store.schema_migrations (
      version    integer primary key,
      name       text not null,
      checksum   text not null,
      applied_at timestamptz not null default now()
    )`);
    const { rows } = await client.query<{ version: number; name: string; checksum: string }>(
      'select version, name, checksum from event_store.schema_migrations order by version',
    );
    const applied = new Map(rows.map((row) => [row.version, row]));
    const unknown = rows.filter((row) => !migrations.some((m) => m.version === row.version));
    if (unknown.length) {
      throw new MigrationError(
        `the database has migrations this code does not know (${unknown.map(label).join(', ')}): run a newer version`,
      );
    }
    const result: MigrateResult = {
      applied: [],
      alreadyApplied: [],
      idleTimeoutSetFor: 'this database',
    };
    for (const migration of migrations) {
      const done = applied.get(migration.version);
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${label(migration)} changed after it was applied (checksum ${done.checksum} in the ` +
              `database, ${migration.checksum} in the file): add a new migration instead`,
          );
        }
        result.alreadyApplied.push(label(migration));
        continue;
      }
      log(`applying ${label(migration)}`);
      await client.query('begin');
      try {
        await client.query(migration.sql);
        await client.query(
          'insert into event_store.schema_migrations (version, name, checksum) values ($1, $2, $3)',
          [migration.version, migration.name, migration.checksum],
        );
        await client.query('commit');
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
      result.applied.push(label(migration));
    }
    await client.query('begin');
    try {
      for (const role of roles) {
        await grantToAppRole(client, role.name);
        await grantCategories(client, role);
        result.idleTimeoutSetFor = await setIdleTimeout(
          client,
          role.name,
          options.idleInTransactionSessionTimeout ?? '30s',
        );
      }
      await keepReadSidePolicy(client);
      // The policies read this table in every statement: plan them with its real size.
      await client.query('analyze event_store.category_access');
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
    return result;
  } finally {
    await client
      .query('select pg_catalog.pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK])
      .catch(() => undefined);
    await client.end();
  }
}
