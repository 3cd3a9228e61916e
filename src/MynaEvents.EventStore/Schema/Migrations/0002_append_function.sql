-- Appends events to one stream in one call (one round trip), with optimistic
-- concurrency and idempotency by command id.
--
-- p_expected: null = any version; 0 = the stream must not exist; n = exactly n events so far.
-- Errors (SQLSTATE):
--   MYN01 version conflict       (HINT: the stream's actual version, 0 when absent)
--   MYN02 command id reused for another stream (HINT: the stream it was used for)
-- (HINT, not DETAIL: client drivers redact DETAIL by default.)
--   MYN03 malformed call
--
-- Ordering guarantees (see Projections/README.md):
--   * Both locks are advisory and taken before the first write, so this transaction
--     draws its transaction id only after every earlier writer of the stream finished:
--     per stream, versions grow with (tx_id, seq).
--   * The version check happens before any sequence value is drawn: a loser burns no
--     position.
create or replace function myna.append_events(
    p_tenant_id      text,
    p_stream_id      text,
    p_stream_type    text,
    p_expected       bigint,
    p_command_id     uuid,
    p_types          text[],
    p_data           jsonb[],
    p_occurred_at    timestamptz[],
    p_correlation_id text,
    p_causation_id   text,
    p_device_id      text,
    p_actor          text)
-- seqs: every event's sequence number in order (identity values of concurrent appends
-- interleave, so they need not be contiguous); for a duplicate, only the first and last.
returns table (seqs bigint[], from_version bigint, to_version bigint, tx_id xid8, recorded_at timestamptz,
               duplicate boolean)
language plpgsql
as $fn$
declare
    n          int := coalesce(cardinality(p_types), 0);
    v_to       bigint;
    v_actual   bigint;
    v_seqs     bigint[];
    v_tx       xid8;
    v_previous myna.commands%rowtype;
begin
    if n = 0 then
        raise exception 'an append needs at least one event' using errcode = 'MYN03';
    end if;
    if coalesce(cardinality(p_data), 0) <> n or coalesce(cardinality(p_occurred_at), 0) <> n then
        raise exception 'types, data and occurred_at must have the same length' using errcode = 'MYN03';
    end if;
    if p_expected is not null and p_expected < 0 then
        raise exception 'expected version must be null, 0 or positive' using errcode = 'MYN03';
    end if;

    if p_command_id is not null then
        -- A retry racing its original waits here until the original commits or rolls back.
        perform pg_advisory_xact_lock(1297698305, hashtext(p_tenant_id || '/' || p_command_id::text));
        select * into v_previous from myna.commands c
         where c.tenant_id = p_tenant_id and c.command_id = p_command_id;
        if found then
            if v_previous.stream_id <> p_stream_id then
                raise exception 'command % was already used for another stream', p_command_id
                    using errcode = 'MYN02', hint = v_previous.stream_id;
            end if;
            return query select array[v_previous.first_seq, v_previous.last_seq], v_previous.from_version,
                                v_previous.to_version, v_previous.tx_id, v_previous.recorded_at, true;
            return;
        end if;
    end if;

    perform pg_advisory_xact_lock(1297698306, hashtext(p_tenant_id || '/' || p_stream_id));

    if p_expected is null then
        insert into myna.streams as s (tenant_id, stream_id, stream_type, version)
        values (p_tenant_id, p_stream_id, p_stream_type, n)
        on conflict (tenant_id, stream_id)
        do update set version = s.version + n, updated_at = now()
        returning s.version into v_to;
    elsif p_expected = 0 then
        insert into myna.streams (tenant_id, stream_id, stream_type, version)
        values (p_tenant_id, p_stream_id, p_stream_type, n)
        on conflict (tenant_id, stream_id) do nothing
        returning version into v_to;
    else
        update myna.streams s set version = s.version + n, updated_at = now()
         where s.tenant_id = p_tenant_id and s.stream_id = p_stream_id and s.version = p_expected
        returning s.version into v_to;
    end if;

    if v_to is null then
        select s.version into v_actual from myna.streams s
         where s.tenant_id = p_tenant_id and s.stream_id = p_stream_id;
        raise exception 'stream % is at version %, expected %', p_stream_id, coalesce(v_actual, 0), p_expected
            using errcode = 'MYN01', hint = coalesce(v_actual, 0)::text;
    end if;

    v_tx := pg_current_xact_id();

    with inserted as (
        insert into myna.events (tx_id, tenant_id, stream_id, version, event_type, data, command_id,
                                 correlation_id, causation_id, device_id, actor, occurred_at)
        select v_tx, p_tenant_id, p_stream_id, v_to - n + u.ord, u.event_type, u.data, p_command_id,
               p_correlation_id, p_causation_id, p_device_id, p_actor, u.occurred_at
          from unnest(p_types, p_data, p_occurred_at) with ordinality as u(event_type, data, occurred_at, ord)
         order by u.ord
        returning seq)
    select array_agg(seq order by seq) into v_seqs from inserted;

    if p_command_id is not null then
        insert into myna.commands (tenant_id, command_id, stream_id, from_version, to_version,
                                   first_seq, last_seq, tx_id)
        values (p_tenant_id, p_command_id, p_stream_id, v_to - n, v_to, v_seqs[1], v_seqs[n], v_tx);
    end if;

    return query select v_seqs, v_to - n, v_to, v_tx, now(), false;
end
$fn$;
