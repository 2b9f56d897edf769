-- The append-only events table, its guards, and the append function.
-- Applied by migrate.ts as the owner role, inside one transaction, under an advisory lock.
-- Grants to the app role are not here: the role name is configuration (see migrate.ts).

do $$
begin
  if pg_catalog.current_setting('server_encoding') <> 'UTF8' then
    raise exception 'the event store needs a UTF8 database: hashes are over UTF-8 text';
  end if;
end $$;

create table event_store.events (
  -- Global order is (transaction_id, sequence): a reader only takes rows of transactions older
  -- than its snapshot's xmin, which can no longer be preceded by a later commit.
  transaction_id  xid8   not null default pg_catalog.pg_current_xact_id(),
  sequence        bigint not null generated always as identity,
  event_id        uuid   not null,
  stream_id       text   not null,
  stream_category text   not null generated always as (pg_catalog.split_part(stream_id, '-', 1)) stored,
  stream_revision bigint not null,
  type            text   not null,
  case_id         text,
  -- The exact text that was hashed: RFC 8785 canonical JSON of the envelope and payload. Kept
  -- as text because jsonb reorders keys and rewrites numbers.
  document        text   not null,
  prev_hash       bytea  not null,
  hash            bytea  not null,
  constraint events_position_pk primary key (transaction_id, sequence),
  constraint events_stream_revision_key unique (stream_id, stream_revision),
  constraint events_event_id_key unique (event_id),
  constraint events_revision_not_negative check (stream_revision >= 0),
  constraint events_hashes_are_sha256 check (octet_length(prev_hash) = 32 and octet_length(hash) = 32)
);

-- readCase sorts a case's few events itself: a narrower index is cheaper on every append.
create index events_case on event_store.events (case_id) where case_id is not null;

-- History is permanent. The app role has no UPDATE/DELETE/TRUNCATE rights either; this stops the
-- owner too (only a superuser, or the owner disabling the trigger, gets past it — and the hash
-- chain and seals catch what they do).
create function event_store.refuse_change() returns trigger
language plpgsql as $$
begin
  raise exception 'event_store.events is append-only: % refused', tg_op
    using errcode = 'ES900', hint = 'history is permanent; append a correcting event instead';
end $$;

create trigger events_refuse_update_delete
  before update or delete on event_store.events
  for each statement execute function event_store.refuse_change();

create trigger events_refuse_truncate
  before truncate on event_store.events
  for each statement execute function event_store.refuse_change();

-- Appends a batch to one stream, all or nothing, in one round trip.
--   p_expected: 'any' | 'noStream' | 'streamExists' | 'revision' (then p_expected_revision).
-- Errors (SQLSTATE): ES001 wrong expected version (DETAIL: the actual revision or 'noStream');
-- ES002 stream order conflict (retry in a fresh transaction); ES003 an event id is stored
-- elsewhere (DETAIL: '<eventId> <streamId> <revision>').
create function event_store.append_to_stream(
  p_stream_id         text,
  p_expected          text,
  p_expected_revision bigint,
  p_event_ids         uuid[],
  p_types             text[],
  p_case_ids          text[],
  p_documents         text[]
) returns table (
  event_id        uuid,
  stream_revision bigint,
  transaction_id  xid8,
  sequence        bigint,
  hash            bytea,
  already_stored  boolean
)
language plpgsql
-- A session plans these statements once and keeps the plan: one planned while the table was
-- still empty would scan the whole table on every append for the rest of the session.
set enable_seqscan = off
as $$
#variable_conflict use_column
declare
  v_count         int := pg_catalog.cardinality(p_event_ids);
  v_head_revision bigint := -1;
  v_head_hash     bytea := pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex');
  v_head_xid      xid8;
  v_in_place      int;
  v_first         bigint;
  v_first_max     bigint;
  v_existing      record;
  v_prev_hashes   bytea[] := '{}';
  v_hashes        bytea[] := '{}';
  v_hash          bytea;
begin
  if p_expected not in ('any', 'noStream', 'streamExists', 'revision')
     or (p_expected = 'revision') <> (p_expected_revision is not null) then
    raise exception 'invalid expected revision % %', p_expected, p_expected_revision using errcode = '22023';
  end if;

  -- One appender per stream at a time, until commit: the next one reads the new head.
  -- (A row lock would need UPDATE rights, which the app role must not have.)
  perform pg_catalog.pg_advisory_xact_lock(1163285332, pg_catalog.hashtext(p_stream_id));

  -- A retry of a stored append: every id already in this stream, in order, where the expected
  -- revision puts it → the original result, nothing written.
  if exists (select 1 from event_store.events e where e.event_id = any(p_event_ids)) then
    select pg_catalog.count(*) filter (where e.stream_id = p_stream_id),
           pg_catalog.min(e.stream_revision - ids.ord + 1) filter (where e.stream_id = p_stream_id),
           pg_catalog.max(e.stream_revision - ids.ord + 1) filter (where e.stream_id = p_stream_id)
      into v_in_place, v_first, v_first_max
      from unnest(p_event_ids) with ordinality as ids(id, ord)
      join event_store.events e on e.event_id = ids.id;
    if v_in_place = v_count and v_first = v_first_max and (case p_expected
         when 'noStream' then v_first = 0
         when 'streamExists' then v_first >= 1
         when 'revision' then v_first = p_expected_revision + 1
         else true end) then
      return query
        select e.event_id, e.stream_revision, e.transaction_id, e.sequence, e.hash, true
          from unnest(p_event_ids) with ordinality as ids(id, ord)
          join event_store.events e on e.event_id = ids.id
         order by ids.ord;
      return;
    end if;
    select ids.id, e.stream_id, e.stream_revision into v_existing
      from unnest(p_event_ids) with ordinality as ids(id, ord)
      join event_store.events e on e.event_id = ids.id
     order by ids.ord
     limit 1;
    raise exception 'event % is already stored elsewhere', v_existing.id
      using errcode = 'ES003',
            detail = pg_catalog.concat_ws(' ', v_existing.id, v_existing.stream_id, v_existing.stream_revision);
  end if;

  select e.stream_revision, e.hash, e.transaction_id into v_head_revision, v_head_hash, v_head_xid
    from event_store.events e
   where e.stream_id = p_stream_id
   order by e.stream_revision desc
   limit 1;
  if not found then
    v_head_revision := -1;
    v_head_hash := pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex');
  end if;

  if (case p_expected
       when 'noStream' then v_head_revision >= 0
       when 'streamExists' then v_head_revision < 0
       when 'revision' then v_head_revision <> p_expected_revision
       else false end) then
    raise exception 'wrong expected version of %', p_stream_id
      using errcode = 'ES001',
            detail = case when v_head_revision < 0 then 'noStream' else v_head_revision::text end;
  end if;

  -- Global order is by transaction id first: a head committed by a younger transaction would be
  -- read after the revision this older transaction is about to append.
  if v_head_xid is not null and v_head_xid > pg_catalog.pg_current_xact_id() then
    raise exception 'stream % was last appended to by a younger transaction', p_stream_id
      using errcode = 'ES002';
  end if;

  v_hash := v_head_hash;
  for i in 1 .. v_count loop
    v_prev_hashes[i] := v_hash;
    v_hash := pg_catalog.sha256(v_hash || pg_catalog.convert_to(p_documents[i], 'UTF8'));
    v_hashes[i] := v_hash;
  end loop;

  return query
    insert into event_store.events as e
           (event_id, stream_id, stream_revision, type, case_id, document, prev_hash, hash)
    select b.event_id, p_stream_id, v_head_revision + b.ord, b.type, b.case_id, b.document, b.prev_hash, b.hash
      from unnest(p_event_ids, p_types, p_case_ids, p_documents, v_prev_hashes, v_hashes)
           with ordinality as b(event_id, type, case_id, document, prev_hash, hash, ord)
     order by b.ord
    returning e.event_id, e.stream_revision, e.transaction_id, e.sequence, e.hash, false;
end $$;

-- Functions are executable by PUBLIC by default; migrate.ts grants EXECUTE to the app role only.
revoke all on function event_store.append_to_stream(text, text, bigint, uuid[], text[], text[], text[]) from public;
revoke all on function event_store.refuse_change() from public;
