import { applyMigrations, type SchemaMigration } from '@dinsos/migrations';

/**
 * The data keys table, in its own schema, beside the event store. Run as the owner role; the app
 * role gets SELECT and INSERT on the table and EXECUTE on the erase function, never UPDATE,
 * DELETE or TRUNCATE:
 *
 * - Erasure is one narrow operation, `personal_data.erase_subject_key(subject, actor, reason)`,
 *   a SECURITY DEFINER function owned by the owner role: it can only null a subject's key
 *   material and stamp who erased it and when. A general UPDATE grant would also let the app
 *   role swap a key for another one (silently re-keying or corrupting a subject's data).
 * - Rows are never deleted: an erased key stays as a tombstone, so an encrypted field reads as
 *   "erased" rather than "unknown key", and the erasure itself stays on record.
 * - A trigger refuses, for every role including the owner, any update other than that erasure,
 *   any delete, any insert of a row without key material, and TRUNCATE.
 */
const migrations: SchemaMigration[] = [
  {
    version: 1,
    name: 'subject keys with erasure only',
    sql: `
      create table personal_data.subject_keys (
        key_id uuid primary key,
        subject_id text not null unique check (length(subject_id) between 1 and 200),
        -- The 32-byte data key, wrapped by the master key when wrapping says so; null once erased.
        key_material bytea,
        -- 'none', or 'master:<fingerprint>' of the master key that wrapped it.
        wrapping text not null check (wrapping = 'none' or wrapping ~ '^master:[0-9a-f]{16}$'),
        created_at timestamptz not null default now(),
        erased_at timestamptz,
        erased_by text,
        erasure_reason text,
        constraint erased_means_no_key check (
          (erased_at is null and key_material is not null and erased_by is null and erasure_reason is null)
          or (erased_at is not null and key_material is null and erased_by is not null)
        )
      );

      create function personal_data.guard_subject_keys() returns trigger
        language plpgsql set search_path = pg_catalog as $$
      begin
        if tg_op = 'INSERT' then
          if new.key_material is null or new.erased_at is not null then
            raise exception 'a new subject key must hold key material' using errcode = '23514';
          end if;
          return new;
        elsif tg_op = 'UPDATE' then
          if old.key_material is not null and new.key_material is null and new.erased_at is not null
             and new.key_id = old.key_id and new.subject_id = old.subject_id
             and new.wrapping = old.wrapping and new.created_at = old.created_at then
            return new;
          end if;
          raise exception 'subject keys change only by erasure (personal_data.erase_subject_key)'
            using errcode = '42501';
        else
          raise exception 'subject keys are never deleted: erase the key instead' using errcode = '42501';
        end if;
      end $$;

      create trigger subject_keys_guard before insert or update or delete on personal_data.subject_keys
        for each row execute function personal_data.guard_subject_keys();
      create trigger subject_keys_no_truncate before truncate on personal_data.subject_keys
        for each statement execute function personal_data.guard_subject_keys();

      create function personal_data.erase_subject_key(p_subject_id text, p_erased_by text, p_reason text)
        returns table (key_id uuid, erased_at timestamptz, already_erased boolean)
        language plpgsql security definer set search_path = pg_catalog, personal_data, pg_temp as $$
      declare
        found_key personal_data.subject_keys%rowtype;
      begin
        if p_erased_by is null or length(p_erased_by) = 0 then
          raise exception 'erasure needs the id of who erases' using errcode = '22023';
        end if;
        select * into found_key from personal_data.subject_keys k where k.subject_id = p_subject_id for update;
        if not found then
          return;
        end if;
        if found_key.erased_at is not null then
          return query select found_key.key_id, found_key.erased_at, true;
          return;
        end if;
        update personal_data.subject_keys k
           set key_material = null, erased_at = pg_catalog.now(), erased_by = p_erased_by, erasure_reason = p_reason
         where k.key_id = found_key.key_id;
        return query select found_key.key_id, pg_catalog.now(), false;
      end $$;

      revoke all on function personal_data.erase_subject_key(text, text, text) from public;
      revoke all on function personal_data.guard_subject_keys() from public;
    `,
  },
  {
    version: 2,
    name: 'one table for the whole system: keys usable by every service role, or by one',
    // One key per person for the whole system, so erasure is one act. Most keys serve every
    // service (a client's data passes from intake to assessment to placement); a key created as
    // restricted serves only the role that created it (a whistle-blower's, complaints only).
    // Erasure goes through erase_subject_key (SECURITY DEFINER, the owner): policies do not apply.
    sql: `
      alter table personal_data.subject_keys add column usable_by name[];
      alter table personal_data.subject_keys add constraint usable_by_names_one_role
        check (usable_by is null or cardinality(usable_by) = 1);
      alter table personal_data.subject_keys enable row level security;
      create policy subject_keys_usable on personal_data.subject_keys for select
        using (usable_by is null or current_user = any (usable_by));
      create policy subject_keys_create on personal_data.subject_keys for insert
        with check (usable_by is null or usable_by = array[current_user]::name[]);
    `,
  },
];

/**
 * Creates or upgrades the keys table as the owner role, under an advisory lock (any number of
 * instances may start at once; see @dinsos/migrations). Returns the versions applied now.
 */
export function migratePersonalData(
  ownerUrl: string,
  options: { appRole: string },
): Promise<number[]> {
  return applyMigrations(
    ownerUrl,
    {
      name: 'personal-data',
      versionTable: 'personal_data.schema_migrations',
      prepare:
        'create schema if not exists personal_data; revoke all on schema personal_data from public',
      migrations,
      grants: (app) => `
        grant usage on schema personal_data to ${app};
        grant select, insert on personal_data.subject_keys to ${app};
        grant execute on function personal_data.erase_subject_key(text, text, text) to ${app};`,
    },
    options,
  );
}
