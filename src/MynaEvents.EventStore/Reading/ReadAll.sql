-- Events after a position, only from transactions that have all finished. The horizon is
-- the oldest transaction still running in this statement's snapshot; anything below it can
-- no longer change, so no later commit can land behind what was read. No gap detection,
-- no waiting on timeouts.
--
-- Transaction ids are shared by every database of the cluster. A running transaction that
-- pg_stat_activity shows in ANOTHER database can never write this database's events, so it
-- does not hold the horizon back. Everything not positively known to be elsewhere (this
-- database, background workers, rows hidden by privileges, a backend that just ended)
-- still counts: unknown means wait, never skip.
select /*columns*/
  from myna.events
 where (tx_id, seq) > ($1::xid8, $2)
   and tx_id < coalesce(
         (select min(running)
            from pg_snapshot_xip(pg_current_snapshot()) as running
           where not exists (
                 select 1
                   from pg_stat_activity elsewhere
                  where elsewhere.backend_xid = xid(running)
                    and elsewhere.datid <> (select oid from pg_database where datname = current_database()))),
         pg_snapshot_xmax(pg_current_snapshot()))
 order by tx_id, seq
 limit $3
