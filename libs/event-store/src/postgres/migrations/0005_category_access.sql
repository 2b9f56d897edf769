-- One store for the whole system (DESIGN.md section 2): every service appends to this table, each
-- only in its own stream categories, and reads only those; the read side reads everything. Which
-- role may do what is data, filled by migrate.ts from configuration (the contracts' names table):
-- no role is named here. '*' stands for every category.
--
-- Row-level security enforces it on every path: append_to_stream and the known-head INSERT run
-- as the caller (SECURITY INVOKER), and a direct INSERT meets the same policy. The owner, who
-- migrates, is not subject to it (and is trusted with the table anyway).

create table event_store.category_access (
  role_name  name    not null,
  category   text    not null,
  may_append boolean not null,
  constraint category_access_pk primary key (role_name, category),
  constraint category_access_category_is_a_name
    check (category = '*' or category ~ '^[A-Za-z][A-Za-z0-9]*$')
);

-- Who may do what is not a secret, and each role's policies read its own rows.
grant select on event_store.category_access to public;

alter table event_store.events enable row level security;

-- The role's categories as an array built once per statement (an initplan): a correlated EXISTS
-- was measured 2.7 times slower on full scans. Read-side roles (category '*') get a second,
-- permissive policy `using (true)` of their own, which migrate.ts keeps naming exactly the roles
-- that have '*' (role names are configuration, so that policy is not created here).
create policy events_read_granted_categories on event_store.events
  for select
  using (
    stream_category = any (array(
      select a.category from event_store.category_access a where a.role_name = current_user))
  );

-- Appends check one row per event: LIKE lets one array serve both named categories and '*' ('%';
-- categories are letters and digits only, so a name is never a pattern), for a role that may
-- append anywhere (one service's own test database).
create policy events_append_granted_categories on event_store.events
  for insert
  with check (
    stream_category like any (array(
      select pg_catalog.replace(a.category, '*', '%') from event_store.category_access a
       where a.role_name = current_user and a.may_append))
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
