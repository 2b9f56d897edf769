import { applyMigrations, type ApplyOptions, type SchemaMigration } from '@dinsos/migrations';

/**
 * The timers a service has scheduled ("inquiry overdue", "SLA breached", "review due"), in its
 * own schema. A row is written in the transaction of the command or reaction that schedules it,
 * and marked fired in the transaction that appends what it causes: exactly once, whatever number
 * of instances poll.
 */
const migrations: SchemaMigration[] = [
  {
    version: 1,
    name: 'timers',
    sql: `
      create table platform_timers (
        timer_id text primary key check (length(timer_id) between 1 and 200),
        name text not null,
        due_at timestamptz not null,
        office_code text not null,
        case_id text,
        data jsonb not null default '{}',
        correlation_id uuid not null,
        causation_id uuid,
        scheduled_at timestamptz not null default now(),
        fired_at timestamptz,
        cancelled_at timestamptz,
        attempts int not null default 0,
        last_error text
      );
      create index platform_timers_due on platform_timers (due_at)
        where fired_at is null and cancelled_at is null;
    `,
  },
  {
    // A command's correlation id is the caller's X-Correlation-Id when it is a sane token
    // (letters, digits, . _ : -, up to 128; see correlation-id.ts), not always a UUID: a timer
    // scheduled by such a command failed its insert, and the command with it (a 500). Kept as
    // text, as the events keep it.
    version: 2,
    name: 'timer correlation id as given',
    sql: `
      alter table platform_timers
        alter column correlation_id type text using correlation_id::text,
        add constraint platform_timers_correlation_id_length
          check (length(correlation_id) between 1 and 200);
    `,
  },
];

/** Creates or upgrades the timers table as the owner role, in the service's schema. */
export function migrateTimersTable(ownerUrl: string, options: ApplyOptions): Promise<number[]> {
  return applyMigrations(
    ownerUrl,
    {
      name: 'timers',
      versionTable: 'timers_schema_version',
      migrations,
      grants: (app) => `grant select, insert, update on platform_timers to ${app}`,
    },
    options,
  );
}
