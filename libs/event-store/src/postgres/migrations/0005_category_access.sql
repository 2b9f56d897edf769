-- One store for the whole system (DESIGN.md section 2): every service appends to this table, each
-- only in its own stream categories, and reads only those; the read side reads everything. Which
-- role may do what is data, filled by migrate.ts from configuration (the contracts' names table):
-- no role is named here. '*' stands for every category.
--
-- Row-level security enforces it on every path: append_to_stream and the known-head INSERT run
-- as the caller (SECURITY INVOKER), and a direct INSERT meets the same policies. The owner, who
-- migrates, is not subject to them (and is trusted with the table anyway).

create table event_store.category_access (
  role_name  name    not null,
  category   text    not null,
  may_append boolean not null,
  constraint category_access_pk primary key (role_name, category),
  constraint category_access_category_is_a_name
    check (category = '*' or category ~ '^[A-Za-z][A-Za-z0-9]*$')
);

-- Who may do what is not a secret.
grant select on event_store.category_access to public;

-- Row-level security with no policy admits nobody but the owner. migrate.ts gives each role in
-- category_access two policies of its own, `TO` that role, with its categories as constants:
-- `stream_category = any('{intakeCase,client}')` to read and to append, `using (true)` for the
-- read side. Per row that is a comparison with a constant array, and per statement nothing at all
-- (a lookup of this table in every statement cost single appends 5–10%). Role names are
-- configuration, so those policies are not created here; what migrate.ts created is recorded in
-- category_policies, so it changes a policy (which locks the events table) only when its
-- definition changed.
alter table event_store.events enable row level security;

create table event_store.category_policies (
  policy_name name primary key,
  role_name   name not null,
  definition  text not null
);

-- True for a role that reads every category: what seal and verify must run as (a sealer that
-- saw only some streams would sign only those, and the next sealer would skip the rest).
create function event_store.reads_every_category() returns boolean
language sql stable as $$
  select r.rolsuper or r.rolbypassrls
         or pg_catalog.pg_has_role(current_user, t.tableowner, 'USAGE')
         or exists (select 1 from event_store.category_access a
                     where a.role_name = current_user and a.category = '*')
    from pg_catalog.pg_roles r, pg_catalog.pg_tables t
   where r.rolname = current_user and t.schemaname = 'event_store' and t.tablename = 'events'
$$;
