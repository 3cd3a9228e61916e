select /*columns*/
  from myna.events
 where tenant_id = $1 and stream_id = $2
   and version >= $3
   and ($4::bigint is null or version <= $4)
   and ($5::timestamptz is null or recorded_at <= $5)
 order by version
