-- When each device was first activated: a card read dated before it cannot be genuine
-- (ADR 0026). Kept on the device, not on its credentials: a re-activated device (a
-- reinstalled app) still delivers the checks it queued under its earlier credential.
alter table myna.security_devices add column activated_at timestamptz null;

update myna.security_devices d
   set activated_at = (select min(c.issued_at) from myna.security_credentials c
                        where c.kind = 'device' and c.tenant_id = d.tenant_id and c.subject_id = d.device_id);
