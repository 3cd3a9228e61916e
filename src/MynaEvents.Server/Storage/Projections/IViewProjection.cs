using Npgsql;

namespace MynaEvents.Server.Storage.Projections;

/// <summary>
/// A projection that keeps its own tables with plain SQL (COPY, column updates, reads of what
/// is already there), run by Marten inline or by its async daemon through
/// <see cref="ViewProjection"/>, inside the same transaction that moves Marten's progress.
/// </summary>
public interface IViewProjection
{
    /// <summary>A stable name: Marten's progress row and the rebuild command use it.</summary>
    string Name { get; }

    /// <summary>The tables <see cref="ApplyAsync"/> writes: Marten empties them before a rebuild.</summary>
    IReadOnlyList<string> Tables { get; }

    /// <summary>Applies a batch of events in global order. Write through <paramref name="context"/> only.</summary>
    Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionContext context, CancellationToken cancellationToken);

    /// <summary>Whether events of this stored type matter to the projection.</summary>
    bool Concerns(string eventType) => true;
}

/// <summary>The connection and transaction a projection writes through.</summary>
public sealed record ProjectionContext(NpgsqlConnection Connection, NpgsqlTransaction Transaction)
{
    public NpgsqlCommand CreateCommand(string sql) => new(sql, Connection, Transaction);

    public NpgsqlBatch CreateBatch() => new(Connection, Transaction);
}

/// <summary>Marks a view projection as run by the async daemon rather than inline.</summary>
public sealed record AsyncViewProjection(IViewProjection Projection);

/// <summary>Marks a view projection as run inline, in the append's transaction.</summary>
public sealed record InlineViewProjection(IViewProjection Projection);
