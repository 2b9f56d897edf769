import { applyMigrations, type ApplyOptions, type SchemaMigration } from '@dinsos/migrations';

/**
 * The messaging tables, in the same database as the event store so that a consumer's effects, new
 * events and inbox record commit in one transaction.
 */
const migrations: SchemaMigration[] = [
  {
    version: 1,
    name: 'relay checkpoints, inbox, parked cases',
    sql: `
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
    `,
  },
];

const grants = (app: string) => `
  grant select, insert, update on messaging_relay_checkpoint to ${app};
  grant select, insert on messaging_inbox to ${app};
  grant select, insert, update, delete on messaging_parked_case to ${app};
  grant select, insert, delete on messaging_parked_message to ${app};
  grant usage on sequence messaging_parked_message_sequence_seq to ${app};`;

/**
 * Creates or upgrades the messaging tables as the owner role (see @dinsos/migrations), in the
 * service's schema when one is given, and grants the app role what messaging does with them.
 */
export function migrateMessaging(ownerUrl: string, options: ApplyOptions): Promise<number[]> {
  return applyMigrations(
    ownerUrl,
    { name: 'messaging', versionTable: 'messaging_schema_version', migrations, grants },
    options,
  );
}
