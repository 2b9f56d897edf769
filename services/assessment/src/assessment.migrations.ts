import { applyMigrations, type MigrationSet } from '@dinsos/migrations';

/**
 * Assessment's own tables, in the service's schema (unqualified names: the schema is the one
 * bootstrapService and the harness give, DATABASE_SCHEMA or `assessment`), migrated after the
 * platform's tables as the schema's owner role under an advisory lock, so any number of
 * instances may start at once. The app role gets only what the service does with each.
 */
export const assessmentMigrations: MigrationSet = {
  name: 'assessment',
  versionTable: 'assessment_schema_version',
  migrations: [
    {
      version: 1,
      name: 'worklist',
      sql: `
      -- One row per case's assessment, projected from the service's own events
      -- (worklist/worklist.projection.ts): rebuilt from the store on demand, so it holds no
      -- personal data and nothing the events do not.
      create table worklist (
        case_id text primary key,
        -- False while only clock events arrived: listed once AssessmentStarted arrives.
        started boolean not null,
        case_number text,
        office_code text not null check (office_code ~ '^[0-9]{2}([0-9]{2})?$'),
        client_category text,
        service_standard jsonb,
        custodian_kind text,
        social_worker_id text,
        stage text not null
          check (stage in ('awaitingSocialWorker', 'assessing', 'awaitingApproval', 'recommended')),
        recommendation text,
        submitted_recommendation text,
        assessments_recorded int not null check (assessments_recorded >= 0),
        last_assessed_on text,
        rehabilitation_days text[] not null,
        -- By clock code: code, step, startedBy, startedAt, startDate, dueDate, dueAt, stoppedBy,
        -- stoppedAt, stopDate (as the events state them).
        clocks jsonb not null,
        -- The earliest due instant of the clocks still running: the list's order.
        next_due_at timestamptz,
        started_at text
      );
      -- An office's list and a social worker's, most urgent first, paged by (due, case).
      create index worklist_by_office on worklist
        (office_code, (coalesce(next_due_at, 'infinity'::timestamptz)), case_id) where started;
      create index worklist_by_social_worker on worklist
        (social_worker_id, (coalesce(next_due_at, 'infinity'::timestamptz)), case_id)
        where started and social_worker_id is not null;
    `,
    },
  ],
  grants: (app) => `grant select, insert, update, delete on worklist to ${app};`,
};

/**
 * The part the platform does not migrate: assessment's own tables (`bootstrapService`'s
 * `migrations`, and the harness's). Returns the versions applied now.
 */
export function migrateAssessmentSchema(
  ownerUrl: string,
  options: { appRole: string; schema: string },
): Promise<number[]> {
  return applyMigrations(ownerUrl, assessmentMigrations, options);
}
