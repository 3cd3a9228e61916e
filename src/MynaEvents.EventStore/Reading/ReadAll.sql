-- Events after a position, only from transactions that have all finished: anything below
-- the oldest running transaction id can no longer change, so reading stops there and no
-- later commit can land behind what was read. No gap detection, no waiting on timeouts.
select /*columns*/
  from myna.events
 where (tx_id, seq) > ($1::xid8, $2)
   and tx_id < pg_snapshot_xmin(pg_current_snapshot())
 order by tx_id, seq
 limit $3
