-- The facility directory: who the facilities, devices and co-location declarations of each
-- clinic group (tenant) are, kept by an inline projection in the same transaction as the
-- events. Other features ask it "which facility is this", "may this device serve it" and
-- "whom did this facility share results with at time T"; the facility streams stay the
-- source of truth for onboarding, exemptions and obligation.

create table myna.facility_directory (
    tenant_id           text        not null,
    facility_id         text        not null,
    branch_id           text        not null,
    kind                text        not null check (kind in ('judo', 'ahaki')),
    registration_number text        not null,
    name                text        not null,
    address             text        not null,
    registered_at       timestamptz not null,
    primary key (tenant_id, facility_id)
);

-- A branch holds at most one facility of each kind (the group stream decides it; this states it).
create unique index facility_directory_branch_kind on myna.facility_directory (tenant_id, branch_id, kind);

create table myna.facility_devices (
    tenant_id     text        not null,
    device_id     text        not null,
    facility_id   text        not null,
    kind          text        not null,
    label         text        null,
    active        boolean     not null,
    registered_at timestamptz not null,
    retired_at    timestamptz null,
    primary key (tenant_id, device_id),
    foreign key (tenant_id, facility_id) references myna.facility_directory (tenant_id, facility_id),
    check (active = (retired_at is null))
);

create index facility_devices_facility on myna.facility_devices (tenant_id, facility_id);

-- declared_at and withdrawn_at are the events' recorded_at (the database clock of the writing
-- transaction): a check recorded while a declaration was active stays shared after it is withdrawn.
create table myna.facility_colocations (
    tenant_id           text        not null,
    colocation_id       text        not null,
    branch_id           text        not null,
    judo_facility_id    text        not null,
    ahaki_facility_id   text        not null,
    primary_facility_id text        not null,
    shared_device_ids   text[]      not null,
    declared_at         timestamptz not null,
    withdrawn_at        timestamptz null,
    primary key (tenant_id, colocation_id),
    foreign key (tenant_id, judo_facility_id) references myna.facility_directory (tenant_id, facility_id),
    foreign key (tenant_id, ahaki_facility_id) references myna.facility_directory (tenant_id, facility_id),
    check (primary_facility_id in (judo_facility_id, ahaki_facility_id)),
    check (withdrawn_at is null or withdrawn_at >= declared_at)
);

-- At most one active declaration per facility (the branch's co-location stream decides it).
create unique index facility_colocations_active_judo on myna.facility_colocations (tenant_id, judo_facility_id) where withdrawn_at is null;
create unique index facility_colocations_active_ahaki on myna.facility_colocations (tenant_id, ahaki_facility_id) where withdrawn_at is null;
create index facility_colocations_judo on myna.facility_colocations (tenant_id, judo_facility_id, declared_at);
create index facility_colocations_ahaki on myna.facility_colocations (tenant_id, ahaki_facility_id, declared_at);
