using MynaEvents.EventStore.Reading;
using Npgsql;

namespace MynaEvents.EventStore.Projections;

/// <summary>
/// Turns events into read models. The same projection can run inline (in the append's
/// transaction: the writer reads its own write) or async (in the daemon, checkpointed in
/// the same transaction as its writes).
/// </summary>
public interface IProjection
{
    /// <summary>A stable name: it keys the checkpoint and the leadership lock.</summary>
    string Name { get; }

    /// <summary>Applies a batch of events in global order. Write through <paramref name="context"/> only.</summary>
    Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionContext context, CancellationToken cancellationToken);

    /// <summary>Empties the projection's tables before a rebuild from position zero.</summary>
    Task ResetAsync(ProjectionContext context, CancellationToken cancellationToken);

    /// <summary>
    /// Whether events of this stored type matter to the projection. An append none of whose
    /// events matter to any inline projection skips the explicit transaction they would need.
    /// </summary>
    bool Concerns(string eventType) => true;
}

/// <summary>The connection and transaction a projection writes through.</summary>
public sealed record ProjectionContext(NpgsqlConnection Connection, NpgsqlTransaction Transaction)
{
    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    public NpgsqlBatch CreateBatch() => new(Connection, Transaction);
}

/// <summary>The projections that run inside every append's transaction.</summary>
public sealed class InlineProjections(IEnumerable<IProjection> projections)
{
    public IReadOnlyList<IProjection> All { get; } = projections.ToList();

    public static InlineProjections None { get; } = new([]);
}
