import { applyMigrations, type ApplyOptions, type SchemaMigration } from '@dinsos/migrations';

/**
 * A service's number series (case numbers, complaint numbers, document numbers), in its own
 * schema: one counter row per series, office and office-local year, and the document numbers
 * reserved per case and purpose.
 */
const migrations: SchemaMigration[] = [
  {
    version: 1,
    name: 'number counters and reserved document numbers',
    sql: `
      -- The row lock serialises allocations, so numbers are unique across instances.
      create table platform_number_counters (
        series text not null check (series ~ '^[A-Za-z][A-Za-z0-9-]{0,31}$'),
        office_code text not null check (office_code ~ '^[0-9]{2}([0-9]{2})?$'),
        year int not null check (year between 2000 and 9999),
        last_value bigint not null check (last_value >= 1),
        primary key (series, office_code, year)
      );

      -- A document number is reserved once per case and purpose: a retried or refused command
      -- reuses it, so retries leave no gaps.
      create table platform_document_numbers (
        series text not null,
        case_id text not null,
        purpose text not null,
        office_code text not null,
        year int not null,
        sequence bigint not null,
        reserved_at timestamptz not null default now(),
        primary key (series, case_id, purpose),
        unique (series, office_code, year, sequence)
      );
    `,
  },
];

export function migrateNumberSeriesTables(
  ownerUrl: string,
  options: ApplyOptions,
): Promise<number[]> {
  return applyMigrations(
    ownerUrl,
    {
      name: 'number series',
      versionTable: 'number_series_schema_version',
      migrations,
      grants: (app) => `
        grant select, insert, update on platform_number_counters to ${app};
        grant select, insert on platform_document_numbers to ${app};`,
    },
    options,
  );
}
