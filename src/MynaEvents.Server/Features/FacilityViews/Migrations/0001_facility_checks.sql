-- The facility views of reception checks, kept by the async projection "facility_checks".
-- One row per (check, facility that may see it): the facility the check was recorded at and,
-- when a co-location declaration (併設申告) was in force when the check started, its partner.
-- The personal columns are plaintext copies made while the data key lives; at the check's
-- 翌月末 the retention sweep blanks them, and every read filters by retention_deadline
-- anyway, so nothing is shown past the deadline even if the sweep is late.

create table myna.facility_checks (
    tenant_id                     text        not null,
    verification_id               text        not null,
    -- The facility whose view holds this row.
    viewer_facility_id            text        not null,
    -- The facility the check was recorded (treated) at; differs from the viewer when shared.
    recorded_at_facility_id       text        not null,
    shared                        boolean     not null,
    device_id                     text        null,
    device_facility_id            text        null,
    staff_id                      text        null,
    status                        text        not null,
    identity_method               text        null check (identity_method in ('visual', 'pin')),
    fallback_kind                 text        null,
    lookup_failure                text        null,
    invalid_validity              integer     null,
    treatment_date                date        not null,
    retention_deadline            timestamptz not null,
    occurred_at                   timestamptz not null,
    recorded_at                   timestamptz not null,
    last_occurred_at              timestamptz not null,
    updated_at                    timestamptz not null,
    version                       bigint      not null,
    insurer_number                text        null,
    insurer_name                  text        null,
    personal_family               integer     null,
    burden_ratio                  text        null,
    qualification_date            date        null,
    disqualification_date         date        null,
    validity                      integer     null,
    elderly_burden_ratio          text        null,
    name                          text        null,
    name_kana                     text        null,
    -- name_kana folded to full-width katakana without spaces: what a kana-prefix search compares.
    name_kana_search              text        null,
    birth_date                    date        null,
    insured_card_symbol           text        null,
    insured_identification_number text        null,
    insured_branch_number         text        null,
    shredded                      boolean     not null default false,
    primary key (tenant_id, viewer_facility_id, verification_id)
);

-- Updates address every row of one check (the recording facility's and the partner's).
create index facility_checks_check on myna.facility_checks (tenant_id, verification_id);

-- A facility's view, newest treatment first.
create index facility_checks_view on myna.facility_checks (tenant_id, viewer_facility_id, treatment_date desc);

-- The retention sweep looks only at rows still holding plaintext.
create index facility_checks_due on myna.facility_checks (retention_deadline) where not shredded;
