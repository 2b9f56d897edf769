import { applyMigrations, type MigrationSet } from '@dinsos/migrations';

/**
 * Family tracing's own tables, in the service's schema (unqualified names: the schema is the one
 * bootstrapService and the harness give, DATABASE_SCHEMA or `family_tracing`), migrated after
 * the platform's tables as the schema's owner role under an advisory lock, so any number of
 * instances may start at once. The app role gets only what the service does with each.
 */
export const familyTracingMigrations: MigrationSet = {
  name: 'family-tracing',
  versionTable: 'family_tracing_schema_version',
  migrations: [
    {
      version: 1,
      name: 'inquiries waiting',
      sql: `
      -- One row per case's tracing with the inquiries it still waits for, projected from the
      -- service's own events (worklist/worklist.projection.ts): rebuilt from the store on
      -- demand, so it holds no personal data and nothing the events do not.
      create table inquiries_waiting (
        case_id text primary key,
        -- False while only a transfer arrived: listed once TracingStarted arrives.
        started boolean not null,
        status text check (status in ('tracing', 'familyFound', 'familyNotFound')),
        office_code text not null check (office_code ~ '^[0-9]{2}([0-9]{2})?$'),
        officer_id text,
        -- By inquiry id, the inquiries sent and not answered: inquiryId, channel, addressee,
        -- letterNumber, candidateId, sentOn, dueDate, dueAt, overdueRecorded.
        inquiries jsonb not null,
        waiting int not null check (waiting >= 0),
        -- The earliest due instant of the inquiries waiting: the list's order.
        next_due_at timestamptz,
        -- Started, under way, and at least one inquiry waiting.
        listed boolean not null,
        started_at text,
        check (not listed or next_due_at is not null)
      );
      -- An office's list and an officer's, most urgent first, paged by (due, case).
      create index inquiries_waiting_by_office on inquiries_waiting
        (office_code, next_due_at, case_id) where listed;
      create index inquiries_waiting_by_officer on inquiries_waiting
        (officer_id, next_due_at, case_id) where listed and officer_id is not null;
    `,
    },
  ],
  grants: (app) => `grant select, insert, update, delete on inquiries_waiting to ${app};`,
};

/**
 * The part the platform does not migrate: family tracing's own tables (`bootstrapService`'s
 * `migrations`, and the harness's). Returns the versions applied now.
 */
export function migrateFamilyTracingSchema(
  ownerUrl: string,
  options: { appRole: string; schema: string },
): Promise<number[]> {
  return applyMigrations(ownerUrl, familyTracingMigrations, options);
}
