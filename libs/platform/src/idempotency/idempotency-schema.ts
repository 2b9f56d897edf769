import { Client } from 'pg';

/**
 * Idempotency records of commands, keyed by (service, office, actor, key) so two offices' or two
 * officers' keys never collide. The app role may only read and insert: a stored answer is final.
 * Pruning old records is an owner-role job (they are small; keep at least a day).
 */
const migrations: Array<{ version: number; name: string; sql: (appRole: string) => string }> = [
  {
    version: 1,
    name: 'idempotency records',
    sql: (app) => `
      create table platform_idempotency (
        service text not null,
        office_code text not null,
        actor_id text not null,
        idempotency_key text not null,
        request_hash text not null,
        response jsonb not null,
        created_at timestamptz not null default now(),
        primary key (service, office_code, actor_id, idempotency_key)
      );
      grant select, insert on platform_idempotency to ${app};
    `,
  },
];

const identifier = /^[a-z_][a-z0-9_]*$/;
const lockName = 'dinsos.platform.migrations';

export async function migrateIdempotencyTable(
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
      `create table if not exists platform_schema_version (
         version int primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (
        await client.query<{ version: number }>('select version from platform_schema_version')
      ).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('begin');
      try {
        await client.query(migration.sql(options.appRole));
        await client.query('insert into platform_schema_version (version, name) values ($1, $2)', [
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
