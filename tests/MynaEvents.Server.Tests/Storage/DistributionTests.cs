using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Testing;
using Wolverine;

namespace MynaEvents.Server.Tests.Storage;

/// <summary>
/// Production's mode (Balanced): Wolverine's leader runs each async projection on exactly one
/// node, and moves it to another when that node stops; every event is applied once.
/// </summary>
public sealed class DistributionTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly RecordingProjection _projection = new("distributed_recording");

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _projection.CreateTableAsync(_database.DataSource);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    /// <summary>A node that runs no projection has no daemon at all: the server asks through <see cref="LocalDaemon"/>.</summary>
    private static bool Runs(StorageHost host) =>
        host.Services.GetRequiredService<IProjectionCoordinator>().Runs("distributed_recording");

    private async Task<bool> AllAppliedOnceAsync()
    {
        await using var command = _database.DataSource.CreateCommand("select seq_id from myna_events.mt_events where type <> 'tombstone' order by seq_id");
        await using var reader = await command.ExecuteReaderAsync();
        var committed = new List<long>();
        while (await reader.ReadAsync()) committed.Add(reader.GetInt64(0));
        return (await _projection.AppliedAsync(_database.DataSource)).SequenceEqual(committed);
    }

    [Fact]
    public async Task two_balanced_nodes_run_the_projection_on_exactly_one_and_the_other_takes_over_when_it_stops()
    {
        var first = await StorageHost.StartAsync(_database, _projection, "node-1", DurabilityMode.Balanced);
        await using var second = await StorageHost.StartAsync(_database, _projection, "node-2", DurabilityMode.Balanced);
        try
        {
            for (var i = 0; i < 10; i++) await first.AppendAsync($"s-{i}", new SampleRecorded("before", i));
            await Eventually.TrueAsync(async () => (await _projection.AppliedAsync(_database.DataSource)).Count == 10,
                "the projection runs somewhere", TimeSpan.FromSeconds(60));
            await Eventually.TrueAsync(() => Task.FromResult(Runs(first) ^ Runs(second)), "exactly one node runs it", TimeSpan.FromSeconds(30));

            var (running, other) = Runs(first) ? (first, second) : (second, first);
            await running.DisposeAsync();
            for (var i = 0; i < 10; i++) await other.AppendAsync($"s-{i}", new SampleRecorded("after", i));
            await Eventually.TrueAsync(() => Task.FromResult(Runs(other)), "the other node takes it over", TimeSpan.FromSeconds(60));
            await Eventually.TrueAsync(async () => (await _projection.AppliedAsync(_database.DataSource)).Count == 20,
                "events after the move are applied", TimeSpan.FromSeconds(60));
            Assert.True(await AllAppliedOnceAsync(), "every committed event applied exactly once, in order");
        }
        finally
        {
            await first.DisposeAsync();
        }
    }
}
