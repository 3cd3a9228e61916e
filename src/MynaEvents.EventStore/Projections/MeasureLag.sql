-- How many committed events wait behind the checkpoint (counted up to a cap, to stay cheap
-- when far behind), and how long the oldest of them has waited.
select count(*), coalesce(extract(epoch from now() - min(recorded_at)), 0)::float8
  from (select recorded_at
          from myna.events
         where (tx_id, seq) > ($1::xid8, $2)
         order by tx_id, seq
         limit 100000) waiting
