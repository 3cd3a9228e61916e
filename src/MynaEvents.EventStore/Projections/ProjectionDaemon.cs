using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MynaEvents.EventStore.Serialization;
using MynaEvents.EventStore.Telemetry;
using Npgsql;

namespace MynaEvents.EventStore.Projections;

/// <summary>
/// Runs the async projections of this process. Any number of processes may run a daemon
/// on the same database: each projection is led by exactly one of them at a time, and a
/// follower takes over when the leader's session ends.
/// </summary>
public sealed class ProjectionDaemon : BackgroundService
{
    /// <summary>Runners of this process; only those leading report lag.</summary>
    private static readonly ConcurrentDictionary<ProjectionStatus, byte> Leaders = new();

    private readonly NpgsqlDataSource _sessions;
    private readonly ILogger _logger;
    private readonly ProjectionDaemonOptions _options;
    private readonly AppendNotifier? _notifier;
    private readonly List<ProjectionRunner> _runners;

    static ProjectionDaemon()
    {
        EventStoreTelemetry.Meter.CreateObservableGauge("myna.projection.lag.events",
            () => Leaders.Keys.Where(s => s.IsLeading).Select(s => new Measurement<long>(s.LagEvents, Tag(s))), "{event}",
            "Committed events the projection has not applied yet.");
        EventStoreTelemetry.Meter.CreateObservableGauge("myna.projection.lag.seconds",
            () => Leaders.Keys.Where(s => s.IsLeading).Select(s => new Measurement<double>(s.LagSeconds, Tag(s))), "s",
            "Age of the oldest committed event the projection has not applied yet.");
    }

    public ProjectionDaemon(IEnumerable<IProjection> projections, EventTypeRegistry types,
        ProjectionDaemonOptions options, AppendNotifier? notifier = null, ILoggerFactory? loggerFactory = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        _logger = loggerFactory.CreateLogger<ProjectionDaemon>();
        _options = options;
        _notifier = notifier;
        _sessions = new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false,
            KeepAlive = 10,
            ApplicationName = "myna-projection-daemon",
        }.ConnectionString).Build();
        _runners = projections
            .Select(p => new ProjectionRunner(p, _sessions, types, options, loggerFactory.CreateLogger<ProjectionRunner>()))
            .ToList();
        var duplicate = _runners.GroupBy(r => r.Status.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two projections are named '{duplicate.Key}'.", nameof(projections));
    }

    public IReadOnlyList<ProjectionStatus> Statuses => _runners.Select(r => r.Status).ToList();

    public ProjectionStatus Status(string name) => _runners.Single(r => r.Status.Name == name).Status;

    /// <summary>Looks for new events now instead of at the next poll.</summary>
    public void Wake()
    {
        foreach (var runner in _runners) runner.Wake();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_runners.Count == 0) return;
        if (_notifier is not null) _notifier.Appended += Wake;
        try
        {
            var tasks = _runners.Select(r => TrackLeadership(r, stoppingToken)).ToList();
            tasks.Add(ListenAsync(stoppingToken));
            await Task.WhenAll(tasks);
        }
        finally
        {
            if (_notifier is not null) _notifier.Appended -= Wake;
        }
    }

    private static async Task TrackLeadership(ProjectionRunner runner, CancellationToken stoppingToken)
    {
        Leaders.TryAdd(runner.Status, 0);
        try { await runner.RunAsync(stoppingToken); }
        finally { Leaders.TryRemove(runner.Status, out _); }
    }

    /// <summary>Wakes the runners on NOTIFY from appends in other processes; polling covers any miss.</summary>
    private async Task ListenAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await _sessions.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => Wake();
                await using (var listen = new NpgsqlCommand($"listen {AppendNotifier.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                Wake(); // anything appended while not listening
                while (!stoppingToken.IsCancellationRequested)
                    await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // losing the listener only slows wake-ups to the poll interval
            catch (Exception exception)
#pragma warning restore CA1031
            {
                _logger.LogWarning(exception, "Projection listener lost its connection; runners poll every {Interval} until it reconnects", _options.PollInterval);
                await Task.Delay(_options.LeaderRetryInterval, CancellationToken.None);
            }
        }
    }

    private static KeyValuePair<string, object?> Tag(ProjectionStatus status) => new("projection", status.Name);

    public override void Dispose()
    {
        base.Dispose();
        foreach (var runner in _runners) runner.Dispose();
        _sessions.Dispose();
    }
}
