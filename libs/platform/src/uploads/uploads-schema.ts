import { applyMigrations, type ApplyOptions, type SchemaMigration } from '@dinsos/migrations';

/** The files a service received through its upload endpoints, in its own schema. */
const migrations: SchemaMigration[] = [
  {
    version: 1,
    name: 'uploads',
    sql: `
      -- Whose key encrypted each file and who sent it: commands accept a file only for its own
      -- subject.
      create table platform_uploads (
        file_id text primary key check (file_id ~ '^[0-9a-f]{64}$'),
        subject_id text not null,
        sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
        media_type text not null,
        size_bytes bigint not null check (size_bytes >= 0),
        office_code text not null,
        uploaded_by text not null,
        case_id text,
        uploaded_at timestamptz not null default now()
      );
      create index platform_uploads_subject on platform_uploads (subject_id);
    `,
  },
];

export function migrateUploadsTable(ownerUrl: string, options: ApplyOptions): Promise<number[]> {
  return applyMigrations(
    ownerUrl,
    {
      name: 'uploads',
      versionTable: 'uploads_schema_version',
      migrations,
      grants: (app) => `grant select, insert on platform_uploads to ${app}`,
    },
    options,
  );
}
