import { applyMigrations, type ApplyOptions, type SchemaMigration } from '@dinsos/migrations';

/**
 * Idempotency records of commands, keyed by (service, office, actor, key) so two offices' or two
 * officers' keys never collide. The app role may only read and insert: a stored answer is final.
 * Pruning old records is an owner-role job (they are small; keep at least a day).
 */
const migrations: SchemaMigration[] = [
  {
    version: 1,
    name: 'idempotency records',
    sql: `
      create table platform_idempotency (
        service text not null,
        office_code text not null,
        actor_id text not null,
        idempotency_key text not null,
        request_hash text not null,
        response jsonb not null,
        created_at timestamptz not null default now(),
        primary key (service, office_code, actor_id, idempotency_key)
      );
    `,
  },
];

/** Creates or upgrades the idempotency table as the owner role (see @dinsos/migrations). */
export function migrateIdempotencyTable(
  ownerUrl: string,
  options: ApplyOptions,
): Promise<number[]> {
  return applyMigrations(
    ownerUrl,
    {
      name: 'platform',
      versionTable: 'platform_schema_version',
      migrations,
      grants: (app) => `grant select, insert on platform_idempotency to ${app}`,
    },
    options,
  );
}
