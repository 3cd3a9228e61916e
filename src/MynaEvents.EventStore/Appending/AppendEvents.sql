select seqs, from_version, to_version, tx_id, recorded_at, duplicate
  from myna.append_events($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
