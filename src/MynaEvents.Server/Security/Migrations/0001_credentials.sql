-- Who may call the API: people and card-reader devices of a clinic group (tenant), their
-- bearer credentials, the one-time activation codes that lead to a device credential, and
-- the server-issued challenges of the PIN mode (暗証番号).
--
-- Secrets never reach this schema in plain text: bearer tokens and activation codes are
-- stored as SHA-256 hashes. They carry 256 and 80 random bits, so an unsalted fast hash is
-- enough; nothing here can be guessed from its hash. Nonces are not secrets.

-- People of a group. The display name is a staff member's name: never logged.
create table myna.security_people (
    tenant_id    text        not null,
    person_id    text        not null,
    display_name text        not null,
    role         text        not null check (role in ('group_admin', 'auditor', 'reception_staff')),
    facility_id  text        null,
    created_at   timestamptz not null,
    created_by   text        not null,
    revoked_at   timestamptz null,
    primary key (tenant_id, person_id),
    check ((role = 'reception_staff') = (facility_id is not null))
);

-- Devices known to security: a row appears when the first activation code is issued and is
-- marked retired when the device is retired. A credential of a retired device never
-- authenticates, whatever the order in which activation and retirement commit.
create table myna.security_devices (
    tenant_id   text        not null,
    device_id   text        not null,
    facility_id text        not null,
    created_at  timestamptz not null,
    retired_at  timestamptz null,
    primary key (tenant_id, device_id)
);

-- Bearer credentials of people and devices. The role and facility are copied from the
-- subject so that authenticating a request is one indexed lookup.
create table myna.security_credentials (
    token_hash  bytea       primary key check (length(token_hash) = 32),
    kind        text        not null check (kind in ('person', 'device')),
    tenant_id   text        not null,
    subject_id  text        not null,
    role        text        not null,
    facility_id text        null,
    issued_at   timestamptz not null,
    expires_at  timestamptz null,
    revoked_at  timestamptz null
);

create index security_credentials_subject on myna.security_credentials (tenant_id, kind, subject_id)
    where revoked_at is null;

create table myna.security_activation_codes (
    code_hash   bytea       primary key check (length(code_hash) = 32),
    tenant_id   text        not null,
    facility_id text        not null,
    device_id   text        not null,
    issued_at   timestamptz not null,
    expires_at  timestamptz not null,
    used_at     timestamptz null,
    revoked_at  timestamptz null
);

create index security_activation_codes_device on myna.security_activation_codes (tenant_id, device_id)
    where used_at is null and revoked_at is null;

-- PIN-mode challenges: a nonce bound to one device, answered at most once.
create table myna.security_challenges (
    challenge_id uuid        primary key,
    tenant_id    text        not null,
    device_id    text        not null,
    nonce        bytea       not null check (length(nonce) = 32),
    issued_at    timestamptz not null,
    expires_at   timestamptz not null,
    consumed_at  timestamptz null
);

create index security_challenges_device on myna.security_challenges (tenant_id, device_id, expires_at);
