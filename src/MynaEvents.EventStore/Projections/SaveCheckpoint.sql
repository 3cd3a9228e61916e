-- Moves the checkpoint in the batch's own transaction. The guard on the old position and
-- on "no rebuild asked for" makes a stale leader's batch change nothing.
update myna.projection_checkpoints
   set tx_id = $2, seq = $3, events_applied = events_applied + $4, updated_at = now()
 where name = $1 and tx_id = $5 and seq = $6 and rebuild_requested_at is null
