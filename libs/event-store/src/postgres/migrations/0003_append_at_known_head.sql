-- The adapter appends at a stream head it already knows (its hash and transaction id, from its own
-- committed appends and reads) with one INSERT … ON CONFLICT DO NOTHING instead of calling
-- append_to_stream: no head lookup and no PL/pgSQL on the common path, and a conflict leaves the
-- caller's transaction usable, so the adapter falls back to append_to_stream in it. Only a batch
-- of which part went in needs an error; this raises it (it runs only then).

create function event_store.refuse_partial_append(p_stream_id text, p_appended bigint, p_count int)
returns boolean
language plpgsql as $$
begin
  raise exception 'append to % went in for % of its % events: refused whole', p_stream_id, p_appended, p_count
    using errcode = 'ES004', hint = 'the stream moved on, or an event id is stored elsewhere';
end $$;

revoke all on function event_store.refuse_partial_append(text, bigint, int) from public;
