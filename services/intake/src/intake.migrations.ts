import { applyMigrations, type MigrationSet } from '@dinsos/migrations';

/**
 * Intake's own tables, in schema `intake` beside the event store: referral receipts and the
 * duplicate check's matching index. Since version 3 the events of other services that intake
 * steps follow are the platform's followed events; since version 4 the uploads and the number
 * series (case numbers, document numbers) are the platform's too. Versioned; applied by the owner role under
 * an advisory lock, so any number of instances may start at once. The app role gets only what
 * intake does with each.
 */
export const intakeMigrations: MigrationSet = {
  name: 'intake',
  versionTable: 'intake.schema_version',
  prepare: 'create schema if not exists intake',
  migrations: [
    {
      version: 1,
      name: 'numbers, uploads, referral receipts, matching index, other services events',
      sql: `

      -- One row per series (case numbers, BAST, referral letters), office and office-local
      -- year; the row lock serialises allocations, so numbers are unique across instances.
      create table intake.number_counters (
        series text not null check (series in ('case', 'BAST', 'SR')),
        office_code text not null check (office_code ~ '^[0-9]{2}([0-9]{2})?$'),
        year int not null check (year between 2000 and 9999),
        last_value bigint not null check (last_value >= 1),
        primary key (series, office_code, year)
      );

      -- A document number is reserved once per case and purpose: a retried or refused command
      -- reuses it, so numbers have no gaps from retries.
      create table intake.document_numbers (
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

      -- Files received through the upload endpoints: whose key sealed them, and who sent them.
      -- Commands accept a file only for its own subject.
      create table intake.uploads (
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
      create index uploads_subject on intake.uploads (subject_id);

      -- A referral is taken in once: the receiving office's case for each referring case.
      create table intake.referral_receipts (
        referring_case_id text primary key,
        case_id text not null unique,
        received_at timestamptz not null default now()
      );

      -- The duplicate check's index: comparison keys derived from decrypted identities (personal
      -- data: rebuilt from the store on demand; rows of an erased key are dropped).
      create table intake.matching_index (
        client_id text not null,
        case_id text not null,
        office_code text not null,
        identity jsonb,
        blocking_keys text[] not null default '{}',
        found_region_codes text[] not null default '{}',
        registered_at timestamptz,
        updated_at timestamptz not null default now(),
        primary key (client_id, case_id)
      );
      create index matching_index_blocking on intake.matching_index using gin (blocking_keys);
      create index matching_index_case on intake.matching_index (case_id);

      create table intake.projection_checkpoints (
        name text primary key,
        position text not null,
        updated_at timestamptz not null default now()
      );

      -- Events of other services that steps of intake follow (seed 000: fingerprints and photo
      -- after the Peksos assessment's RecommendationMade), from their Kafka topics.
      create table intake.other_service_events (
        event_id uuid primary key,
        case_id text not null,
        event_type text not null,
        occurred_at timestamptz not null
      );
      create index other_service_events_case on intake.other_service_events (case_id);
    `,
    },
    {
      version: 2,
      name: "projection checkpoints are the platform kit's",
      // The matching index runs on the kit's ProjectionRunner, whose checkpoints are in
      // platform_projection_checkpoints; the index is rebuilt from the store from zero.
      sql: `
      drop table intake.projection_checkpoints;
      delete from intake.matching_index;
    `,
    },
    {
      version: 3,
      name: "followed events are the platform kit's",
      // RecommendationMade is a fact intake follows through PlatformFeatures.follows, noted in
      // platform_followed_events (migrated by the platform before this set): the facts noted so
      // far move there, so no case loses its assessment.
      sql: `
      insert into intake.platform_followed_events (event_id, case_id, event_type, occurred_at)
      select event_id, case_id, event_type, occurred_at from intake.other_service_events
      on conflict (event_id) do nothing;
      drop table intake.other_service_events;
    `,
    },
    {
      version: 4,
      name: "uploads and number series are the platform kit's",
      // Uploads and NumberSeries keep their tables in the service's schema (migrated by the
      // platform before this set): every upload, counter and reserved document number moves
      // there, so no file is forgotten and no number is given twice.
      sql: `
      insert into intake.platform_uploads
        (file_id, subject_id, sha256, media_type, size_bytes, office_code, uploaded_by, case_id, uploaded_at)
      select file_id, subject_id, sha256, media_type, size_bytes, office_code, uploaded_by, case_id, uploaded_at
        from intake.uploads
      on conflict (file_id) do nothing;
      insert into intake.platform_number_counters (series, office_code, year, last_value)
      select series, office_code, year, last_value from intake.number_counters
      on conflict (series, office_code, year)
        do update set last_value = greatest(platform_number_counters.last_value, excluded.last_value);
      insert into intake.platform_document_numbers
        (series, case_id, purpose, office_code, year, sequence, reserved_at)
      select series, case_id, purpose, office_code, year, sequence, reserved_at
        from intake.document_numbers
      on conflict do nothing;
      drop table intake.uploads;
      drop table intake.number_counters;
      drop table intake.document_numbers;
    `,
    },
  ],
  grants: (app) => `
    revoke all on schema intake from public;
    grant usage on schema intake to ${app};
    grant select, insert on intake.referral_receipts to ${app};
    grant select, insert, update, delete on intake.matching_index to ${app};`,
};

/** Creates or upgrades intake's tables as the owner role; returns the versions applied now. */
export function migrateIntakeSchema(
  ownerUrl: string,
  options: { appRole: string },
): Promise<number[]> {
  return applyMigrations(ownerUrl, intakeMigrations, options);
}
