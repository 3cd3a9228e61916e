using MynaEvents.EventStore.Serialization;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Bench.Append;

/// <summary>
/// The baseline: what a competent engineer would write with raw Npgsql to append one event
/// with an optimistic version check, against tables shaped like the store's.
/// </summary>
/// <remarks>
/// One statement, one round trip, one (implicit) transaction: a data-modifying CTE upserts the
/// stream with the version check and inserts the event from its result, so a version
/// conflict returns no row and writes nothing. Splitting it into BEGIN / upsert / insert /
/// COMMIT commands would cost three or four round trips and make the store look better than
/// it is; the store's own append is one round trip too. Neither side prepares statements.
/// </remarks>
internal sealed class RawBaselineWriter(NpgsqlDataSource dataSource, EventTypeRegistry types, string streamId, int writer)
    : IStreamWriter
{
    public const string Description =
        "one statement per append (data-modifying CTE: stream upsert with version check -> event insert), " +
        "autocommit = one transaction, one round trip, not prepared";

    private const string Sql = """
        with stream as (
            insert into bench.streams as s (tenant_id, stream_id, stream_type, version)
            values ($1, $2, $3, 1)
            on conflict (tenant_id, stream_id)
            do update set version = s.version + 1, updated_at = now()
             where s.version = $4
            returning s.version)
        insert into bench.events (tenant_id, stream_id, version, event_type, data, command_id,
                                  correlation_id, causation_id, device_id, actor, occurred_at)
        select $1, $2, stream.version, $5, $6, $7, $8, $9, $10, $11, $12
          from stream
        returning seq, version, tx_id, recorded_at
        """;

    private long _version;

    public async Task AppendNextAsync(CancellationToken cancellationToken)
    {
        // Serialising the payload is part of every append, as it is inside the store.
        var payload = types.Serialize(BenchEvents.Create(writer, _version + 1));

        await using var command = dataSource.CreateCommand(Sql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = BenchEvents.Tenant });
        p.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value });
        p.Add(new NpgsqlParameter<long> { TypedValue = _version });
        p.Add(new NpgsqlParameter<string> { TypedValue = BenchEvents.TypeName });
        p.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = payload });
        // The metadata columns travel as (null) parameters, as they do in the store's call.
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Uuid, Value = DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value });
        p.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value });
        p.Add(new NpgsqlParameter<DateTime> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = DateTime.UtcNow });

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new InvalidOperationException($"Baseline stream '{streamId}' was not at version {_version}: a writer shares it.");
        _version = reader.GetInt64(1);
    }
}
