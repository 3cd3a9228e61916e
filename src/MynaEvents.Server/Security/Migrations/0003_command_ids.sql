-- Every state-changing request carries a client-generated command id, so that a resend after
-- a timeout gets the first answer again and writes nothing new. The rows a command wrote keep
-- its id; a resend finds them by it. The secrets in the first answer (a token, a credential,
-- an activation code) are derived from the command id under the master key, so a resend can
-- repeat them although only their hashes are stored.

alter table myna.security_people add column command_id uuid null;
create unique index security_people_command on myna.security_people (tenant_id, command_id);

alter table myna.security_credentials add column command_id uuid null;
create unique index security_credentials_command on myna.security_credentials (tenant_id, command_id);

-- The command that issued the code (device registration, or a later re-issue), and the
-- activation that used it.
alter table myna.security_activation_codes add column command_id uuid null;
alter table myna.security_activation_codes add column used_by_command uuid null;
create unique index security_activation_codes_command on myna.security_activation_codes (tenant_id, command_id);

alter table myna.security_challenges add column command_id uuid null;
create index security_challenges_command on myna.security_challenges (tenant_id, device_id, command_id) where command_id is not null;
