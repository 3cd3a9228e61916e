-- The command that asked for the latest rebuild: a resent request (same command id) does not
-- restart a rebuild that is already under way.
alter table myna.projection_checkpoints add column rebuild_command_id uuid null;
