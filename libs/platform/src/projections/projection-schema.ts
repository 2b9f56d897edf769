import { applyMigrations, type ApplyOptions, type SchemaMigration } from '@dinsos/migrations';

/** Where each of a service's projections stands in the store, in the service's own schema. */
const migrations: SchemaMigration[] = [
  {
    version: 1,
    name: 'projection checkpoints',
    sql: `
      create table platform_projection_checkpoints (
        name text primary key,
        position text not null,
        updated_at timestamptz not null default now()
      );
    `,
  },
];

/** Creates or upgrades the checkpoint table as the owner role, in the service's schema. */
export function migrateProjectionCheckpoints(
  ownerUrl: string,
  options: ApplyOptions,
): Promise<number[]> {
  return applyMigrations(
    ownerUrl,
    {
      name: 'projections',
      versionTable: 'projections_schema_version',
      migrations,
      grants: (app) =>
        `grant select, insert, update, delete on platform_projection_checkpoints to ${app}`,
    },
    options,
  );
}
