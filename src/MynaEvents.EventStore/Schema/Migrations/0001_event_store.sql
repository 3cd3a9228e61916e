-- Streams, events, command results and projection checkpoints.
-- Every row carries the tenant (a clinic group); nothing is shared across tenants
-- except the global order of events.

create table myna.streams (
    tenant_id    text        not null,
    stream_id    text        not null,
    stream_type  text        null,
    version      bigint      not null check (version > 0),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    primary key (tenant_id, stream_id)
);

-- The global order of events is (tx_id, seq): the writing transaction's id first,
-- then the sequence drawn inside it. Readers only look below the oldest transaction
-- still running, so an event can never appear behind a position already read.
-- See Projections/README.md.
create table myna.events (
    seq            bigint      generated always as identity primary key,
    tx_id          xid8        not null default pg_current_xact_id(),
    tenant_id      text        not null,
    stream_id      text        not null,
    version        bigint      not null check (version > 0),
    event_type     text        not null,
    data           jsonb       not null,
    command_id     uuid        null,
    correlation_id text        null,
    causation_id   text        null,
    device_id      text        null,
    actor          text        null,
    occurred_at    timestamptz not null,
    recorded_at    timestamptz not null default now(),
    unique (tenant_id, stream_id, version)
);

create index events_global_order on myna.events (tx_id, seq);

-- One row per idempotent command: what it wrote, so a retry gets the same answer.
create table myna.commands (
    tenant_id    text        not null,
    command_id   uuid        not null,
    stream_id    text        not null,
    from_version bigint      not null,
    to_version   bigint      not null,
    first_seq    bigint      not null,
    last_seq     bigint      not null,
    tx_id        xid8        not null,
    recorded_at  timestamptz not null default now(),
    primary key (tenant_id, command_id)
);

-- One row per async projection: where it is, and whether a rebuild was asked for.
-- lock_id keys the projection's leadership advisory lock (unique, unlike a name hash).
create table myna.projection_checkpoints (
    name                 text        primary key,
    lock_id              int         generated always as identity unique,
    tx_id                xid8        not null default '0',
    seq                  bigint      not null default 0,
    events_applied       bigint      not null default 0,
    rebuild_requested_at timestamptz null,
    rebuild_started_at   timestamptz null,
    updated_at           timestamptz not null default now()
);
