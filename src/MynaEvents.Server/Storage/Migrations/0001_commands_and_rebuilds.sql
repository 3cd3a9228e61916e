-- Kept beside Marten's event tables (schema myna_events), in the same database and transaction.

-- One row per idempotent command: the stream and versions it wrote, committed in the same
-- transaction as its events. A resend finds it here and gets the first answer, with no time
-- window (an edge node may resend days later).
create table myna.commands (
    tenant_id    text        not null,
    command_id   uuid        not null,
    stream_id    text        not null,
    from_version bigint      not null,
    to_version   bigint      not null,
    recorded_at  timestamptz not null default now(),
    primary key (tenant_id, command_id)
);

-- Operators' rebuild requests. Whichever process runs the projection carries a request out;
-- the command id keeps a resend from restarting a rebuild under way.
create table myna.projection_rebuilds (
    name         text        primary key,
    command_id   uuid        not null,
    requested_at timestamptz not null default now(),
    started_at   timestamptz null,
    finished_at  timestamptz null
);
