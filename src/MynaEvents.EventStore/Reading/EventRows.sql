-- The column list every event reader selects; EventRowReader maps it in this order.
seq, tx_id, tenant_id, stream_id, version, event_type, data::text, command_id,
correlation_id, causation_id, device_id, actor, occurred_at, recorded_at
