import { Client } from 'pg';

/**
 * The messaging tables, in the same database as the event store so that a consumer's effects, new
 * events and inbox record commit in one transaction. Versioned; applied under an advisory lock by
 * the owner role, so any number of instances may start at once.
 */
const migrations: Array<{ version: number; name: string; sql: (appRole: string) => string }> = [
  {
    version: 1,
    name: 'relay checkpoints, inbox, parked cases',
    sql: (app) => `
      create table messaging_relay_checkpoint (
        relay_name text primary key,
        position text not null,
        events_published bigint not null default 0,
        updated_at timestamptz not null default now()
      );
      create table messaging_inbox (
        consumer_group text not null,
        event_id uuid not null,
        event_type text not null,
        processed_at timestamptz not null default now(),
        primary key (consumer_group, event_id)
      );
      -- A case whose message failed all retries: its later messages wait here, in arrival order,
      -- until the dead-lettered one is replayed, so a case never skips a step.
      create table messaging_parked_case (
        consumer_group text not null,
        case_key text not null,
        dead_letter_event_id uuid not null,
        reason text not null,
        parked_at timestamptz not null default now(),
        primary key (consumer_group, case_key)
      );
      create table messaging_parked_message (
        consumer_group text not null,
        case_key text not null,
        sequence bigserial not null,
        event_id uuid not null,
        topic text not null,
        kafka_key text,
        kafka_value bytea,
        kafka_headers jsonb not null,
        parked_at timestamptz not null default now(),
        primary key (consumer_group, case_key, sequence),
        unique (consumer_group, event_id)
      );
      grant select, insert, update on messaging_relay_checkpoint to ${app};
      grant select, insert on messaging_inbox to ${app};
      grant select, insert, update, delete on messaging_parked_case to ${app};
      grant select, insert, delete on messaging_parked_message to ${app};
      grant usage on sequence messaging_parked_message_sequence_seq to ${app};
    `,
  },
];

const identifier = /^[a-z_][a-z0-9_]*$/;

export async function migrateMessaging(
  ownerUrl: string,
  options: { appRole: string },
): Promise<number[]> {
  if (!identifier.test(options.appRole))
    throw new Error(`invalid app role name "${options.appRole}"`);
  const client = new Client({ connectionString: ownerUrl });
  await client.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtext('dinsos.messaging.migrations'))`);
    await client.query(
      `create table if not exists messaging_schema_version (
         version int primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    const done = new Set(
      (
        await client.query<{ version: number }>('select version from messaging_schema_version')
      ).rows.map((r) => r.version),
    );
    const applied: number[] = [];
    for (const migration of migrations) {
      if (done.has(migration.version)) continue;
      await client.query('begin');
      try {
        await client.query(migration.sql(options.appRole));
        await client.query('insert into messaging_schema_version (version, name) values ($1, $2)', [
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
      .query(`select pg_advisory_unlock(hashtext('dinsos.messaging.migrations'))`)
      .catch(() => undefined);
    await client.end();
  }
}
