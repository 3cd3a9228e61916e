-- The primary key leads with the check (tenant, verification, viewer), so it also serves
-- "every row of one check" (the projection's read of a batch's checks, the sweep, the
-- auditor's detail), and the separate index on (tenant_id, verification_id) can go: one
-- index fewer to maintain for every row a rebuild writes.
alter table myna.facility_checks drop constraint facility_checks_pkey;
alter table myna.facility_checks add constraint facility_checks_pkey primary key (tenant_id, verification_id, viewer_facility_id);
drop index myna.facility_checks_check;
