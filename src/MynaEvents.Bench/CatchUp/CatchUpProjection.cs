using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Projections;

namespace MynaEvents.Bench.CatchUp;

/// <summary>The daemon side of the catch-up benchmark: the raw loop's work, as a view projection Marten's daemon runs.</summary>
internal sealed class CatchUpProjection : IViewProjection
{
    public const string Table = "bench.daemon_projection";

    public string Name => "bench_catch_up";

    public IReadOnlyList<string> Tables { get; } = [Table];

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionContext context, CancellationToken cancellationToken)
    {
        var rows = new ProjectedRow[events.Count];
        for (var i = 0; i < rows.Length; i++)
        {
            var e = events[i];
            rows[i] = new ProjectedRow(e.Sequence, e.StreamId, e.EventType, ((BenchEventRecorded)e.Data).Amount);
        }
        await ProjectedRows.CopyAsync(context.Connection, Table, rows, cancellationToken);
    }
}
