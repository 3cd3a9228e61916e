using MynaEvents.EventStore.Projections;
using MynaEvents.Testing;

namespace MynaEvents.EventStore.Tests;

/// <summary>Starts and stops projection daemons against a test database, with short test timings.</summary>
internal static class DaemonHarness
{
    public static ProjectionDaemon Create(TestDatabase database, IProjection projection, int batchSize = 500,
        AppendNotifier? notifier = null, TimeSpan? poll = null) =>
        new([projection], Samples.Types(), new ProjectionDaemonOptions
        {
            ConnectionString = database.ConnectionString,
            BatchSize = batchSize,
            PollInterval = poll ?? TimeSpan.FromMilliseconds(100),
            LeaderRetryInterval = TimeSpan.FromMilliseconds(200),
            LagProbeInterval = TimeSpan.FromMilliseconds(50),
        }, notifier);

    public static async Task<ProjectionDaemon> StartAsync(TestDatabase database, IProjection projection, int batchSize = 500,
        AppendNotifier? notifier = null, TimeSpan? poll = null)
    {
        var daemon = Create(database, projection, batchSize, notifier, poll);
        await daemon.StartAsync(CancellationToken.None);
        return daemon;
    }

    public static async Task StopAsync(ProjectionDaemon daemon)
    {
        await daemon.StopAsync(CancellationToken.None);
        daemon.Dispose();
    }

    public static async Task<long> EventCountAsync(TestDatabase database) =>
        await database.ScalarAsync<long>("select count(*) from myna.events");

    public static async Task<List<long>> GlobalOrderAsync(TestDatabase database)
    {
        await using var command = database.DataSource.CreateCommand("select seq from myna.events order by tx_id, seq");
        await using var reader = await command.ExecuteReaderAsync();
        var order = new List<long>();
        while (await reader.ReadAsync()) order.Add(reader.GetInt64(0));
        return order;
    }
}
