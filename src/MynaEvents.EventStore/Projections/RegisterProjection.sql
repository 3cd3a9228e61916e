-- Creates the projection's checkpoint row on first start; returns its lock id and position.
with created as (
    insert into myna.projection_checkpoints (name) values ($1)
    on conflict (name) do nothing
    returning lock_id, tx_id, seq)
select lock_id, tx_id, seq from created
union all
select lock_id, tx_id, seq from myna.projection_checkpoints where name = $1
