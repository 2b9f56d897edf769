import { Client } from 'pg';

/**
 * One step of a lib's or service's schema. Grants belong in the set's `grants`, which every run
 * applies again; `sql` still gets the app role's name for steps written before that.
 */
export interface SchemaMigration {
  version: number;
  name: string;
  sql: string | ((appRole: string) => string);
}

export interface MigrationSet {
  /** Names the advisory lock: one per set, so sets of different libs never wait on each other. */
  name: string;
  /** Where applied versions are recorded, e.g. `messaging_schema_version` or `personal_data.schema_migrations`. */
  versionTable: string;
  /** Idempotent SQL run (under the lock) before the version table is read, e.g. `create schema if not exists …`. */
  prepare?: string;
  migrations: readonly SchemaMigration[];
  /**
   * What the app role may do with the set's tables, applied at every run (after the migrations,
   * in one transaction), so a role configured later, or a grant lost, is right after a restart.
   */
  grants?: (appRole: string) => string;
}

export interface ApplyOptions {
  appRole: string;
  /**
   * The schema the set's unqualified names live in (a service's own schema in the one database):
   * created if missing, and the session's search_path while migrating. The app role gets USAGE.
   */
  schema?: string;
}

const identifier = /^[a-z_][a-z0-9_]*$/;
const qualifiedIdentifier = /^([a-z_][a-z0-9_]*\.)?[a-z_][a-z0-9_]*$/;

export class MigrationRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationRefused';
  }
}

/**
 * Applies the set's migrations that are not applied yet, each in its own transaction, as the owner
 * role and under an advisory lock, so any number of instances may start at once: one migrates,
 * the others wait and then find nothing to do. Then applies the set's grants, every time. The app
 * role must be neither the owner nor a superuser: services connect as a role that cannot alter
 * what it uses. Returns the versions applied now.
 */
export async function applyMigrations(
  ownerUrl: string,
  set: MigrationSet,
  options: ApplyOptions,
): Promise<number[]> {
  if (!identifier.test(options.appRole))
    throw new MigrationRefused(`invalid app role name "${options.appRole}"`);
  if (options.schema !== undefined && !identifier.test(options.schema))
    throw new MigrationRefused(`invalid schema name "${options.schema}"`);
  if (!qualifiedIdentifier.test(set.versionTable)) {
    throw new MigrationRefused(`invalid version table name "${set.versionTable}"`);
  }
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  const lock = `dinsos.migrations.${options.schema ?? ''}.${set.name}`;
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [lock]);
    const { rows } = await client.query<{ rolsuper: boolean; is_me: boolean }>(
      'select rolsuper, rolname = current_user as is_me from pg_roles where rolname = $1',
      [options.appRole],
    );
    if (!rows[0]) throw new MigrationRefused(`the app role ${options.appRole} does not exist`);
    if (rows[0].is_me || rows[0].rolsuper) {
      throw new MigrationRefused(
        `the app role ${options.appRole} must be neither the migrating role nor a superuser`,
      );
    }
    if (options.schema) {
      await client.query(`create schema if not exists ${options.schema}`);
      await client.query(`set search_path to ${options.schema}`);
    }
    if (set.prepare) await client.query(set.prepare);
    await client.query(
      `create table if not exists ${set.versionTable} (
         version int primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await client.query<{ version: number }>(`select version from ${set.versionTable}`)).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const migration of [...set.migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(migration.version)) continue;
      await client.query('begin');
      try {
        await client.query(
          typeof migration.sql === 'string' ? migration.sql : migration.sql(options.appRole),
        );
        await client.query(`insert into ${set.versionTable} (version, name) values ($1, $2)`, [
          migration.version,
          migration.name,
        ]);
        await client.query('commit');
        applied.push(migration.version);
      } catch (error) {
        await client.query('rollback');
        throw error;
      }
    }
    await client.query('begin');
    try {
      if (options.schema) {
        await client.query(`revoke all on schema ${options.schema} from public`);
        await client.query(`grant usage on schema ${options.schema} to ${options.appRole}`);
      }
      if (set.grants) await client.query(set.grants(options.appRole));
      await client.query('commit');
    } catch (error) {
      await client.query('rollback');
      throw error;
    }
    return applied;
  } finally {
    await client.query('select pg_advisory_unlock(hashtext($1))', [lock]).catch(() => undefined);
    await client.end();
  }
}
