using MynaEvents.EventStore.Projections;
using MynaEvents.EventStore.Reading;

namespace MynaEvents.Bench.CatchUp;

/// <summary>The daemon side of the catch-up benchmark: the raw loop's work, as an async projection.</summary>
internal sealed class CatchUpProjection : IProjection
{
    public const string Table = "bench.daemon_projection";

    public string Name => "bench_catch_up";

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionContext context, CancellationToken cancellationToken)
    {
        var rows = new ProjectedRow[events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var e = events[i];
            rows[i] = new ProjectedRow(e.Position.Sequence, e.StreamId, e.EventType, ((BenchEventRecorded)e.Data).Amount);
        }
        await ProjectedRows.CopyAsync(context.Connection, Table, rows, cancellationToken);
    }

    public async Task ResetAsync(ProjectionContext context, CancellationToken cancellationToken)
    {
        await using var command = context.CreateCommand($"truncate {Table}");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
