import { applyMigrations, type ApplyOptions, type SchemaMigration } from '@dinsos/migrations';

/**
 * The case ownership table every service keeps (DESIGN.md section 2): case → owning office, and
 * the offices that kept read access after a transfer. Fed only by the ownership projection from
 * CaseOpened/CaseTransferred; read only by the case access guard.
 */
const migrations: SchemaMigration[] = [
  {
    version: 1,
    name: 'case ownership and read grants',
    sql: `
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
    `,
  },
];

/** Creates or upgrades the ownership tables as the owner role; the app role gets what the projection needs. */
export function migrateOwnershipTable(ownerUrl: string, options: ApplyOptions): Promise<number[]> {
  return applyMigrations(
    ownerUrl,
    {
      name: 'auth',
      versionTable: 'auth_schema_version',
      migrations,
      grants: (app) => `
        grant select, insert, update on auth_case_ownership to ${app};
        grant select, insert, delete on auth_case_read_grant to ${app};`,
    },
    options,
  );
}
