-- Every server process keeps the credentials it has just checked for a short while, so that a
-- device's request does not look its token up again each time. Any change to a credential, a
-- person or a device (a revocation, a retirement, an activation, a new token) is announced on
-- the channel myna_credentials when its transaction commits; every process listening drops what
-- it kept. A statement trigger covers every writer, the server's own and an operator's SQL alike.
create or replace function myna.announce_credential_change() returns trigger
language plpgsql as $$
begin
    perform pg_notify('myna_credentials', '');
    return null;
end $$;

create trigger security_credentials_changed after update or delete or truncate on myna.security_credentials
    for each statement execute function myna.announce_credential_change();
create trigger security_people_changed after update or delete or truncate on myna.security_people
    for each statement execute function myna.announce_credential_change();
create trigger security_devices_changed after update or delete or truncate on myna.security_devices
    for each statement execute function myna.announce_credential_change();
