import { applyMigrations, type MigrationSet } from '@dinsos/migrations';

/**
 * Placement's own tables, in the service's schema (unqualified names: the schema is the one
 * bootstrapService and the harness give, DATABASE_SCHEMA or `placement`), migrated after the
 * platform's tables as the schema's owner role under an advisory lock, so any number of
 * instances may start at once. The app role gets only what the service does with each.
 */
export const placementMigrations: MigrationSet = {
  name: 'placement',
  versionTable: 'placement_schema_version',
  migrations: [
    {
      version: 1,
      name: 'client registrations',
      sql: `
      -- The latest registration of each client, from every intake ClientRegistered placement
      -- hears over Kafka whatever its case (placement/client-registrations.ts, applied in the
      -- follows consumer's transaction): a returning client's new case gets no registration of
      -- its own, so its placement opens with this one. The payload is kept as received: its
      -- personal fields stay encrypted under the client's key (erasure shreds them with it).
      create table client_registrations (
        client_id text primary key,
        -- ClientRegistered's payload at schema_version (the contracts' latest when received).
        payload jsonb not null,
        schema_version int not null check (schema_version > 0),
        event_id text not null,
        case_id text,
        -- Intake's client-<clientId> stream and the event's revision in it: the newest wins.
        stream_id text not null,
        stream_revision bigint not null check (stream_revision >= 0),
        occurred_at timestamptz not null
      );
    `,
    },
  ],
  grants: (app) => `grant select, insert, update on client_registrations to ${app};`,
};

/**
 * The part the platform does not migrate: placement's own tables (`bootstrapService`'s
 * `migrations`, and the harness's). Returns the versions applied now.
 */
export function migratePlacementSchema(
  ownerUrl: string,
  options: { appRole: string; schema: string },
): Promise<number[]> {
  return applyMigrations(ownerUrl, placementMigrations, options);
}
