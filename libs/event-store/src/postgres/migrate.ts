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

/** PostgreSQL cuts names at 63 bytes: a long role name is replaced by its hash. */
function policyName(kind: 'read' | 'append', role: string): string {
  const name = `category_${kind}_${role}`;
  return Buffer.byteLength(name) <= 63
    ? name
    : `category_${kind}_${createHash('sha256').update(role).digest('hex').slice(0, 24)}`;
}

interface CategoryPolicy {
  name: string;
  role: string;
  /** The whole CREATE POLICY statement: what is compared to decide whether to change it. */
  definition: string;
}

/**
 * The policies category_access asks for: per role, one to read (its categories, or everything
 * for '*') and one to append (where it may append at all), each `TO` that role alone.
 */
function policiesOf(
  client: Client,
  access: Array<{ role_name: string; category: string; may_append: boolean }>,
): CategoryPolicy[] {
  const byRole = new Map<string, Array<{ category: string; may_append: boolean }>>();
  for (const row of access) byRole.set(row.role_name, [...(byRole.get(row.role_name) ?? []), row]);
  const matching = (categories: string[]) =>
    categories.includes('*')
      ? 'true'
      : `stream_category = any (${client.escapeLiteral(`{${categories.sort().join(',')}}`)}::text[])`;
  const policies: CategoryPolicy[] = [];
  for (const [role, rows] of [...byRole].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const quoted = client.escapeIdentifier(role);
    const read = policyName('read', role);
    policies.push({
      name: read,
      role,
      definition: `create policy ${client.escapeIdentifier(read)} on event_store.events for select to ${quoted} using (${matching(rows.map((r) => r.category))})`,
    });
    const appends = rows.filter((r) => r.may_append).map((r) => r.category);
    if (appends.length === 0) continue;
    const append = policyName('append', role);
    policies.push({
      name: append,
      role,
      definition: `create policy ${client.escapeIdentifier(append)} on event_store.events for insert to ${quoted} with check (${matching(appends)})`,
    });
  }
  return policies;
}

/**
 * Brings the events table's policies in step with category_access. A policy is changed only when
 * its definition did (changing one locks the events table against every reader and writer).
 */
async function keepCategoryPolicies(client: Client): Promise<void> {
  const { rows: access } = await client.query<{
    role_name: string;
    category: string;
    may_append: boolean;
  }>('select role_name::text as role_name, category, may_append from event_store.category_access');
  const wanted = new Map(policiesOf(client, access).map((policy) => [policy.name, policy]));
  const { rows: recorded } = await client.query<{ policy_name: string; definition: string }>(
    `select c.policy_name::text as policy_name, c.definition from event_store.category_policies c
      where exists (select 1 from pg_catalog.pg_policies p
                     where p.schemaname = 'event_store' and p.tablename = 'events'
                       and p.policyname = c.policy_name)`,
  );
  const current = new Map(recorded.map((row) => [row.policy_name, row.definition]));
  for (const [name] of current) {
    if (wanted.get(name)?.definition === current.get(name)) continue;
    await client.query(`drop policy ${client.escapeIdentifier(name)} on event_store.events`);
    await client.query('delete from event_store.category_policies where policy_name = $1', [name]);
  }
  for (const policy of wanted.values()) {
    if (current.get(policy.name) === policy.definition) continue;
    await client.query(
      `drop policy if exists ${client.escapeIdentifier(policy.name)} on event_store.events`,
    );
    await client.query(policy.definition);
    await client.query(
      `insert into event_store.category_policies (policy_name, role_name, definition) values ($1, $2, $3)
       on conflict (policy_name) do update set role_name = excluded.role_name, definition = excluded.definition`,
      [policy.name, policy.role, policy.definition],
    );
  }
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
      await keepCategoryPolicies(client);
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
