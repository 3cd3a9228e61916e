using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Npgsql;

namespace MynaEvents.Server.Storage;

/// <summary>
/// Watches Marten's high-water mark (the sequence below which every event is known to be
/// committed or dead) so that a stall is seen. The daemon never moves the mark past a sequence
/// number that a live transaction may still commit: a leaked or long transaction that drew one
/// holds every async projection back, silently, until it ends. Each poll reads the mark, the
/// highest committed sequence and each projection's position in one statement; the stall clock
/// starts when committed events lie beyond a mark that did not move, and stops when it moves.
/// Any process may watch (the numbers are the database's): gauges carry the database's name.
/// </summary>
internal sealed class HighWaterWatch(NpgsqlDataSource dataSource, TimeProvider time, ILogger<HighWaterWatch> logger) : BackgroundService
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Projections behind by more than this read as this: counting stays cheap when far behind.</summary>
    public const long LagCap = 100_000;

    private static readonly ConcurrentDictionary<HighWaterWatch, byte> Running = new();

    private readonly string _database = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database ?? "";
    private volatile Reading? _last;
    private long _stalledMark = -1;
    private DateTimeOffset? _stalledSince;

    private sealed record Reading(double StallSeconds, IReadOnlyList<(string Projection, long Lag)> Lags);

    /// <summary>Seconds since the mark last moved while committed events wait beyond it (0: not stalled).</summary>
    public double? StallSeconds => _last?.StallSeconds;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = StorageTelemetry.HighWaterAge; // the gauges exist (and reach listeners) once the type is initialised
        Running.TryAdd(this, 0);
        try
        {
            using var timer = new PeriodicTimer(PollInterval, time);
            do
            {
                try
                {
                    await PollAsync(stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
#pragma warning disable CA1031 // a failed poll is retried at the next tick; the gauges keep their last reading
                catch (Exception exception)
#pragma warning restore CA1031
                {
                    logger.LogWarning(exception, "The high-water mark could not be read; retrying");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            Running.TryRemove(this, out _);
        }
    }

    internal async Task PollAsync(CancellationToken cancellationToken)
    {
        // The mark's row is absent until the daemon first records one: a fresh store is at 0.
        await using var command = dataSource.CreateCommand($"""
            with head as (select coalesce(max(seq_id), 0) as seq from {StorageRegistration.MartenSchema}.mt_events),
                 mark as (select coalesce((select last_seq_id from {StorageRegistration.MartenSchema}.mt_event_progression
                                            where name = 'HighWaterMark'), 0) as seq)
            select null::text, mark.seq, head.seq from head, mark
            union all
            select split_part(p.name, ':', 1), p.last_seq_id,
                   (select count(*) from (select 1 from {StorageRegistration.MartenSchema}.mt_events e
                                           where e.seq_id > p.last_seq_id limit {LagCap}) behind)
              from {StorageRegistration.MartenSchema}.mt_event_progression p
             where p.name like '%:All'
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        long mark = 0, head = 0;
        var lags = new List<(string, long)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            if (reader.IsDBNull(0)) (mark, head) = (reader.GetInt64(1), reader.GetInt64(2));
            else lags.Add((reader.GetString(0), reader.GetInt64(2)));
        }
        _last = new Reading(Stall(mark, head, time.GetUtcNow()), lags);
    }

    private double Stall(long mark, long head, DateTimeOffset now)
    {
        if (head <= mark)
        {
            (_stalledMark, _stalledSince) = (-1, null);
            return 0;
        }
        if (mark != _stalledMark || _stalledSince is null) (_stalledMark, _stalledSince) = (mark, now);
        return (now - _stalledSince.Value).TotalSeconds;
    }

    internal static IEnumerable<Measurement<double>> MeasureStalls()
    {
        foreach (var watch in Running.Keys)
            if (watch._last is { } last)
                yield return new(last.StallSeconds, new KeyValuePair<string, object?>("db.namespace", watch._database));
    }

    internal static IEnumerable<Measurement<long>> MeasureLags()
    {
        foreach (var watch in Running.Keys)
            if (watch._last is { } last)
                foreach (var (projection, lag) in last.Lags)
                    yield return new(lag,
                        new KeyValuePair<string, object?>("db.namespace", watch._database),
                        new KeyValuePair<string, object?>("projection", projection));
    }
}
