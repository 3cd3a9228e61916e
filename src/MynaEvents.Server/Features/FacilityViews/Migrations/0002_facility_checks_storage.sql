-- Identifiers are compared byte-wise: they are ASCII ids, never sorted for people, and the
-- database's default collation (often a libc locale) makes every key comparison in the
-- primary key and the indexes dearer. Rows are updated as a check moves on (card read →
-- identity → outcome); free space on each page lets most of those updates stay on the page
-- (HOT) instead of adding index entries.
alter table myna.facility_checks
    alter column tenant_id type text collate "C",
    alter column verification_id type text collate "C",
    alter column viewer_facility_id type text collate "C",
    alter column recorded_at_facility_id type text collate "C";
alter table myna.facility_checks set (fillfactor = 80);
