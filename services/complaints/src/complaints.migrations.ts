import { applyMigrations, type MigrationSet } from '@dinsos/migrations';

/**
 * Complaints' own tables, in the service's schema (unqualified names: the schema is the one
 * bootstrapService and the harness give, DATABASE_SCHEMA or `complaints`), migrated after the
 * platform's tables as the schema's owner role under an advisory lock, so any number of instances
 * may start at once. The app role gets only what the service does with each.
 */
export const complaintsMigrations: MigrationSet = {
  name: 'complaints',
  versionTable: 'complaints_schema_version',
  migrations: [
    {
      version: 1,
      name: 'status secrets, status check windows, SLA board, development mail sink',
      sql: `
      -- The public status check's secrets: a keyed hash only, never the secret itself.
      create table complaint_status_secrets (
        complaint_number text primary key,
        complaint_id text not null unique,
        office_code text not null check (office_code ~ '^[0-9]{2}([0-9]{2})?$'),
        secret_hash text not null,
        recorded_at timestamptz not null default now()
      );

      -- The status check's rate limit: the requests per client address in a fixed window, shared
      -- by every instance. Old windows are deleted as new ones open.
      create table complaint_status_check_windows (
        client_address text not null,
        window_start timestamptz not null,
        requests int not null check (requests >= 0),
        primary key (client_address, window_start)
      );
      create index complaint_status_check_windows_by_start
        on complaint_status_check_windows (window_start);

      -- The SLA board: one row per complaint, projected from the service's own events
      -- (sla-board/sla-board.projection.ts). No personal data, never the complainant.
      create table complaint_sla_board (
        complaint_id text primary key,
        complaint_number text,
        office_code text not null check (office_code ~ '^[0-9]{2}([0-9]{2})?$'),
        classification text,
        channel text,
        status text not null check (status in
          ('received', 'verified', 'declined', 'assigned', 'responded', 'resolved')),
        -- By clock (verify, followUp, resolve): code, dueDate, dueAt, startedAt, stoppedAt,
        -- breachRecorded.
        clocks jsonb not null,
        paused boolean not null,
        paused_since timestamptz,
        -- A clock breached for good (raised by the timer, or stopped after its due time).
        breached boolean not null,
        -- The earliest due time and at-risk instant of the running clocks (null: none runs).
        next_due_at timestamptz,
        at_risk_at timestamptz,
        -- The case the complaint contests, if it names one (never in the public status).
        case_id text,
        received_at timestamptz,
        verified_at timestamptz,
        declined_at timestamptz,
        responded_at timestamptz,
        resolved_at timestamptz
      );
      -- An office's board, earliest due first, paged by (due, complaint).
      create index complaint_sla_board_by_office on complaint_sla_board
        (office_code, (coalesce(next_due_at, 'infinity'::timestamptz)), complaint_id);
      create index complaint_sla_board_by_number on complaint_sla_board (complaint_number);

      -- Replies mailed while no SMTP server is configured (development and tests).
      create table complaint_mail_sink (
        message_id text primary key,
        complaint_number text not null,
        recipient text,
        subject text not null,
        body text not null,
        sent_at timestamptz not null default now()
      );
    `,
    },
  ],
  grants: (app) => `
    grant select, insert on complaint_status_secrets to ${app};
    grant select, insert, update, delete on complaint_status_check_windows to ${app};
    grant select, insert, update, delete on complaint_sla_board to ${app};
    grant select, insert on complaint_mail_sink to ${app};`,
};

/**
 * The part the platform does not migrate: complaints' own tables (`bootstrapService`'s
 * `migrations`, and the harness's). Returns the versions applied now.
 */
export function migrateComplaintsSchema(
  ownerUrl: string,
  options: { appRole: string; schema: string },
): Promise<number[]> {
  return applyMigrations(ownerUrl, complaintsMigrations, options);
}
