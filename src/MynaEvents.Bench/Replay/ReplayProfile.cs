using System.Diagnostics;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Projections;

namespace MynaEvents.Bench.Replay;

/// <summary>
/// The projection under test, unchanged, with a stopwatch around each batch: splits a run into
/// time inside the projection's ApplyAsync and time in Marten's daemon around it (reading,
/// deserialising, moving its progress, committing). Costs one timestamp per batch.
/// </summary>
internal sealed class TimedProjection(IViewProjection inner) : IViewProjection
{
    private long _ticks;
    private int _batches;
    private long _events;
    private readonly List<double> _batchMilliseconds = [];

    /// <summary>Mean ApplyAsync time of the first and the last tenth of the batches: does a batch get dearer as the view grows?</summary>
    public (double First, double Last) FirstAndLastTenthMilliseconds
    {
        get
        {
            lock (_batchMilliseconds)
            {
                if (_batchMilliseconds.Count == 0) return (0, 0);
                var tenth = Math.Max(1, _batchMilliseconds.Count / 10);
                return (_batchMilliseconds.Take(tenth).Average(), _batchMilliseconds.TakeLast(tenth).Average());
            }
        }
    }

    public string Name => inner.Name;

    public IReadOnlyList<string> Tables => inner.Tables;

    public TimeSpan InApply => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public int Batches => Volatile.Read(ref _batches);

    public long Events => Interlocked.Read(ref _events);

    public bool Concerns(string eventType) => inner.Concerns(eventType);

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionContext context, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await inner.ApplyAsync(events, context, cancellationToken);
        // Only batches that returned: a failed batch is retried and would count twice.
        var ticks = Stopwatch.GetTimestamp() - started;
        Interlocked.Add(ref _ticks, ticks);
        lock (_batchMilliseconds) _batchMilliseconds.Add(Stopwatch.GetElapsedTime(0, ticks).TotalMilliseconds);
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _events, events.Count);
    }
}

/// <summary>
/// Where the time of a profiled run goes, from Npgsql's own tracing (ActivitySource "Npgsql"):
/// every command's count and client-observed duration, grouped by the table it touches.
/// </summary>
internal sealed class SqlProfile : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly Dictionary<string, (long Count, TimeSpan Time)> _byKind = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public SqlProfile()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Kinds in a fixed order: count and summed duration.</summary>
    public IReadOnlyList<(string Kind, long Count, TimeSpan Time)> Kinds
    {
        get
        {
            lock (_lock) return [.. _byKind.OrderByDescending(k => k.Value.Time).Select(k => (k.Key, k.Value.Count, k.Value.Time))];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Record(Activity activity)
    {
        var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement"))?.ToString() ?? activity.DisplayName;
        var kind = KindOf(text);
        lock (_lock)
        {
            _byKind.TryGetValue(kind, out var sum);
            _byKind[kind] = (sum.Count + 1, sum.Time + activity.Duration);
        }
    }

    private static string KindOf(string text) =>
        text.Contains("facility_colocations", StringComparison.Ordinal) ? "directory: co-location declarations (one read per batch)"
        : text.Contains("data_keys", StringComparison.Ordinal) ? "data keys read (PersonalDataProtector.UnsealManyAsync)"
        : text.Contains("facility_checks", StringComparison.Ordinal) && text.Contains("for update", StringComparison.Ordinal) ? "view: read the batch's existing rows"
        : text.Contains("copy myna.facility_checks", StringComparison.Ordinal) ? "view: COPY of new rows"
        : text.Contains("facility_checks", StringComparison.Ordinal) ? "view: UPDATE of the changed columns"
        : text.Contains("mt_events", StringComparison.Ordinal) ? "daemon: read events (or high-water mark)"
        : text.Contains("mt_event_progression", StringComparison.Ordinal) ? "daemon: progress"
        : "other: " + (text.Length > 60 ? text[..60] : text).ReplaceLineEndings(" ");
}
