-- Appends look stored event ids up only when they must: for an exact expected revision (what
-- commands use) a retried append always finds the head moved on, so the lookup moves behind the
-- revision check and the common append runs one statement fewer. Same signature: grants stay.

create or replace function event_store.append_to_stream(
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
  v_mismatch      boolean;
begin
  if p_expected not in ('any', 'noStream', 'streamExists', 'revision')
     or (p_expected = 'revision') <> (p_expected_revision is not null) then
    raise exception 'invalid expected revision % %', p_expected, p_expected_revision using errcode = '22023';
  end if;

  -- One appender per stream at a time, until commit: the next one reads the new head.
  -- (A row lock would need UPDATE rights, which the app role must not have.)
  perform pg_catalog.pg_advisory_xact_lock(1163285332, pg_catalog.hashtext(p_stream_id));

  select e.stream_revision, e.hash, e.transaction_id into v_head_revision, v_head_hash, v_head_xid
    from event_store.events e
   where e.stream_id = p_stream_id
   order by e.stream_revision desc
   limit 1;
  if not found then
    v_head_revision := -1;
    v_head_hash := pg_catalog.decode(pg_catalog.repeat('00', 32), 'hex');
  end if;

  -- A retry of a stored append (every id already in this stream, in order, where the expected
  -- revision puts it) returns the original result and writes nothing. With an exact expected
  -- revision a retry always finds the head moved on, so the ids are looked up only then; with
  -- any/streamExists always. An id stored elsewhere while the head matches fails the insert on
  -- events_event_id_key instead (the adapter reports where it is stored).
  v_mismatch := case p_expected
       when 'noStream' then v_head_revision >= 0
       when 'streamExists' then v_head_revision < 0
       when 'revision' then v_head_revision <> p_expected_revision
       else false end;
  if v_mismatch or p_expected in ('any', 'streamExists') then
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
  end if;

  if v_mismatch then
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
