-- The change announcements of 0004 went out for every UPDATE or DELETE statement on the three
-- tables, also one that changed no row: a device activation with an unknown code (anonymous)
-- runs such statements, so anyone could make every server process drop the credentials it keeps.
-- A row trigger fires only for a row that is really updated or deleted; TRUNCATE, which has no
-- rows to fire for, keeps its statement trigger. pg_notify sends one announcement per transaction
-- for identical payloads, however many rows change.
drop trigger security_credentials_changed on myna.security_credentials;
drop trigger security_people_changed on myna.security_people;
drop trigger security_devices_changed on myna.security_devices;

create trigger security_credentials_changed after update or delete on myna.security_credentials
    for each row execute function myna.announce_credential_change();
create trigger security_people_changed after update or delete on myna.security_people
    for each row execute function myna.announce_credential_change();
create trigger security_devices_changed after update or delete on myna.security_devices
    for each row execute function myna.announce_credential_change();

create trigger security_credentials_truncated after truncate on myna.security_credentials
    for each statement execute function myna.announce_credential_change();
create trigger security_people_truncated after truncate on myna.security_people
    for each statement execute function myna.announce_credential_change();
create trigger security_devices_truncated after truncate on myna.security_devices
    for each statement execute function myna.announce_credential_change();
