using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Projections;
using Npgsql;

namespace MynaEvents.Server.Tests;

/// <summary>
/// Records every event it is given, in the order given, in a table of its own: tests count
/// the rows to prove each event was applied exactly once and in which order.
/// </summary>
public sealed class RecordingProjection(string name) : IViewProjection
{
    public string Name { get; } = name;

    public string Table => $"applied_{Name}";

    public IReadOnlyList<string> Tables => [Table];

    /// <summary>Runs inside the batch's transaction before its writes (to slow it down, or to fail it).</summary>
    public Func<IReadOnlyList<RecordedEvent>, Task>? BeforeApply { get; set; }

    public async Task CreateTableAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand(
            $"create table if not exists {Table} (applied_order bigint generated always as identity, " +
            "seq bigint not null, tenant_id text not null, stream_id text not null, version bigint not null)");
        await command.ExecuteNonQueryAsync();
    }

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionContext context, CancellationToken cancellationToken)
    {
        if (BeforeApply is not null) await BeforeApply(events);
        await using var command = context.CreateCommand(
            $"insert into {Table} (seq, tenant_id, stream_id, version) " +
            "select * from unnest($1::bigint[], $2::text[], $3::text[], $4::bigint[])");
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = events.Select(e => e.Sequence).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = events.Select(e => e.TenantId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = events.Select(e => e.StreamId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = events.Select(e => e.Version).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The sequence numbers applied, in the order they were applied.</summary>
    public async Task<List<long>> AppliedAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand($"select seq from {Table} order by applied_order");
        await using var reader = await command.ExecuteReaderAsync();
        var applied = new List<long>();
        while (await reader.ReadAsync()) applied.Add(reader.GetInt64(0));
        return applied;
    }
}
