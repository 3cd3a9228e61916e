update myna.projection_checkpoints
   set tx_id = '0', seq = 0, events_applied = 0, rebuild_requested_at = null,
       rebuild_started_at = now(), updated_at = now()
 where name = $1
