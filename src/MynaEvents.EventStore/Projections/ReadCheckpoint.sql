select tx_id, seq, rebuild_requested_at is not null
  from myna.projection_checkpoints
 where name = $1
