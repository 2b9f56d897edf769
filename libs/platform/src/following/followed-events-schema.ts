import { applyMigrations, type ApplyOptions, type SchemaMigration } from '@dinsos/migrations';

/**
 * The events of other contexts a service notes as facts of a case (PlatformFeatures.follows.facts),
 * in the service's own schema. A row is written in the consumer's transaction beside its inbox
 * record, so each event is noted once whatever the redeliveries.
 */
const migrations: SchemaMigration[] = [
  {
    version: 1,
    name: 'followed events',
    sql: `
      create table platform_followed_events (
        event_id uuid primary key,
        case_id text not null,
        event_type text not null,
        occurred_at timestamptz not null,
        noted_at timestamptz not null default now()
      );
      create index platform_followed_events_case on platform_followed_events (case_id, occurred_at);
    `,
  },
];

/** Creates or upgrades the followed events table as the owner role, in the service's schema. */
export function migrateFollowedEventsTable(
  ownerUrl: string,
  options: ApplyOptions,
): Promise<number[]> {
  return applyMigrations(
    ownerUrl,
    {
      name: 'followed-events',
      versionTable: 'followed_events_schema_version',
      migrations,
      grants: (app) => `grant select, insert on platform_followed_events to ${app}`,
    },
    options,
  );
}
