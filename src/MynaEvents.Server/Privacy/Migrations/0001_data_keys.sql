-- Data keys for crypto-shredding personal data at 翌月末 (the end of the month after the
-- treatment month, JST). One key per verification, stored only wrapped under the master
-- key (KEK), which never enters the database. Deleting a row makes that verification's
-- personal data unreadable. See docs/adr/0014-personal-data-encryption-and-shredding.md.
create table myna.data_keys (
    key_id          uuid        primary key,
    tenant_id       text        not null,
    verification_id text        not null,
    -- Which master key wrapped the row, so the master key can rotate without guessing.
    kek_id          text        not null,
    -- nonce (12) ‖ encrypted data key (32) ‖ tag (16); never the key itself.
    wrapped_key     bytea       not null check (length(wrapped_key) = 60),
    -- The deadline the caller gave (the check's 翌月末): from then on the key is unusable,
    -- whether or not the sweeper has deleted it yet.
    shred_after     timestamptz not null,
    created_at      timestamptz not null default now(),
    -- Concurrent seals of one verification meet here and share one key.
    unique (tenant_id, verification_id)
);

-- The sweeper deletes by deadline; a whole month of keys falls due at once.
create index data_keys_shred_after on myna.data_keys (shred_after);
