using System.Globalization;
using MynaEvents.Server.Storage;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Bench.Append;

/// <summary>
/// The baseline: what a competent engineer would write with raw Npgsql to append one event
/// with an optimistic version check, against tables shaped like Marten's.
/// </summary>
/// <remarks>
/// One statement, one round trip, one (implicit) transaction: a data-modifying CTE upserts the
/// stream with the version check and inserts the event from its result, so a version
/// conflict returns no row and writes nothing. The event row carries what Marten's does (a
/// uuid, the .NET type, headers with the command id and occurrence time). Prepared
/// automatically, as the shared pool prepares Marten's statements (Max Auto Prepare).
/// </remarks>
internal sealed class RawBaselineWriter(NpgsqlDataSource dataSource, EventTypeRegistry types, string streamId, int writer)
    : IStreamWriter
{
    public const string Description =
        "one statement per append (data-modifying CTE: stream upsert with version check -> event insert), " +
        "autocommit = one transaction, one round trip";

    private const string Sql = """
        with stream as (
            insert into bench.streams as s (tenant_id, id, type, version, timestamp, created)
            values ($1, $2, null, 1, $3, $3)
            on conflict (tenant_id, id)
            do update set version = s.version + 1, timestamp = excluded.timestamp
             where s.version = $4
            returning s.version)
        insert into bench.events (seq_id, id, stream_id, version, data, type, timestamp, tenant_id,
                                  mt_dotnet_type, correlation_id, causation_id, headers)
        select nextval('bench.events_sequence'), $5, $2, stream.version, $6, $7, $3, $1, $8, null, null, $9
          from stream
        returning seq_id, version
        """;

    private long _version;

    public async Task AppendNextAsync(CancellationToken cancellationToken)
    {
        // Serialising the payload and the headers is part of every append, as it is inside Marten.
        var payload = types.Serialize(BenchEvents.Create(writer, _version + 1));
        var now = DateTimeOffset.UtcNow;
        var headers = string.Create(CultureInfo.InvariantCulture,
            $$"""{"command_id":"{{Guid.NewGuid():D}}","occurred_at":"{{now:O}}"}""");

        await using var command = dataSource.CreateCommand(Sql);
        var p = command.Parameters;
        p.Add(new NpgsqlParameter<string> { TypedValue = BenchEvents.Tenant });
        p.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        p.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = now });
        p.Add(new NpgsqlParameter<long> { TypedValue = _version });
        p.Add(new NpgsqlParameter<Guid> { TypedValue = Guid.CreateVersion7() });
        p.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = payload });
        p.Add(new NpgsqlParameter<string> { TypedValue = BenchEvents.TypeName });
        p.Add(new NpgsqlParameter<string> { TypedValue = BenchEvents.DotnetType });
        p.Add(new NpgsqlParameter<string> { NpgsqlDbType = NpgsqlDbType.Jsonb, TypedValue = headers });

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
            throw new InvalidOperationException($"Baseline stream '{streamId}' was not at version {_version}: a writer shares it.");
        _version = reader.GetInt64(1);
    }
}
