import { Client } from 'pg';

/**
 * The case ownership table every service keeps (DESIGN.md section 2): case → owning office, and
 * the offices that kept read access after a transfer. Fed only by the ownership projection from
 * CaseOpened/CaseTransferred; read only by the case access guard. Versioned; applied by the owner
 * role under an advisory lock, so any number of instances may start at once.
 */
const migrations: Array<{ version: number; name: string; sql: (appRole: string) => string }> = [
  {
    version: 1,
    name: 'case ownership and read grants',
    sql: (app) => `
      create table auth_case_ownership (
        case_id text primary key,
        owning_office_code text not null,
        updated_by_event_id uuid not null,
        updated_at timestamptz not null default now()
      );
      create table auth_case_read_grant (
        case_id text not null references auth_case_ownership (case_id),
        office_code text not null,
        -- The transfer that handed the case over: the grant covers the history up to it.
        granted_by_event_id uuid not null,
        granted_at timestamptz not null default now(),
        primary key (case_id, office_code)
      );
      grant select, insert, update on auth_case_ownership to ${app};
      grant select, insert, delete on auth_case_read_grant to ${app};
    `,
  },
];

const identifier = /^[a-z_][a-z0-9_]*$/;
const lockName = 'dinsos.auth.migrations';

/** Creates or upgrades the ownership tables as the owner role; the app role gets what the projection needs. */
export async function migrateOwnershipTable(
  ownerUrl: string,
  options: { appRole: string },
): Promise<number[]> {
  if (!identifier.test(options.appRole))
    throw new Error(`invalid app role name "${options.appRole}"`);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock(hashtext($1))', [lockName]);
    await client.query(
      `create table if not exists auth_schema_version (
         version int primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (await client.query<{ version: number }>('select version from auth_schema_version')).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('begin');
      try {
        await client.query(migration.sql(options.appRole));
        await client.query('insert into auth_schema_version (version, name) values ($1, $2)', [
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
    return applied;
  } finally {
    await client
      .query('select pg_advisory_unlock(hashtext($1))', [lockName])
      .catch(() => undefined);
    await client.end();
  }
}
