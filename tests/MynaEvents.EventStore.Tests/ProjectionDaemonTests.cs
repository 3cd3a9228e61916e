using MynaEvents.EventStore.Appending;
using MynaEvents.EventStore.Projections;
using MynaEvents.Testing;
using Npgsql;

namespace MynaEvents.EventStore.Tests;

/// <summary>Each test gets its own database: the daemon reads the whole log.</summary>
public sealed class ProjectionDaemonTests : IAsyncLifetime
{
    private const string Tenant = "group-a";
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    private async Task<RecordingProjection> ProjectionAsync(string name = "recording")
    {
        var projection = new RecordingProjection(name);
        await projection.CreateTableAsync(_database.DataSource);
        return projection;
    }

    private static async Task AppendRawAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string stream, int amount)
    {
        // The store's own append function, called inside a transaction the test controls.
        await using var command = new NpgsqlCommand(
            "select * from myna.append_events('group-a', $1, null, null, null, array['SampleRecorded'], " +
            "array[jsonb_build_object('note', 'raw', 'amount', $2::int)], array[now()], null, null, null, null)",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = stream });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = amount });
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task an_event_that_drew_a_lower_position_but_committed_later_is_delivered_not_skipped()
    {
        var projection = await ProjectionAsync();
        var store = Samples.Store(_database);
        var daemon = await DaemonHarness.StartAsync(_database, projection);
        try
        {
            await store.AppendAsync(Tenant, "s-before", ExpectedVersion.Any, Samples.Recorded(0));
            await Eventually.TrueAsync(async () => (await projection.AppliedAsync(_database.DataSource)).Count == 1, "the first event is applied");

            // A draws its position first and stays open; B draws a higher one and commits first.
            await using var a = await _database.DataSource.OpenConnectionAsync();
            await using var transactionA = await a.BeginTransactionAsync();
            await AppendRawAsync(a, transactionA, "s-a", 1);
            var b = await store.AppendAsync(Tenant, "s-b", ExpectedVersion.Any, Samples.Recorded(2));
            var aSequence = await _database.ScalarAsync<long>("select coalesce(max(seq), 0) from myna.events where stream_id = 's-a'");
            Assert.Equal(0, aSequence); // A is not committed, so nobody can see it yet

            // While A runs, B must wait: delivering B now would let A land behind the checkpoint.
            daemon.Wake();
            await Task.Delay(300);
            Assert.Single(await projection.AppliedAsync(_database.DataSource));

            await transactionA.CommitAsync();
            daemon.Wake();
            await Eventually.TrueAsync(async () => (await projection.AppliedAsync(_database.DataSource)).Count == 3, "A and B are both applied");

            var applied = await projection.AppliedAsync(_database.DataSource);
            var aCommitted = await _database.ScalarAsync<long>("select seq from myna.events where stream_id = 's-a'");
            Assert.True(aCommitted < b.First.Sequence, "A drew the lower sequence number");
            Assert.Equal(await DaemonHarness.GlobalOrderAsync(_database), applied);
            Assert.Equal([aCommitted, b.First.Sequence], applied.Skip(1));
        }
        finally
        {
            await DaemonHarness.StopAsync(daemon);
        }
    }

    [Fact]
    public async Task a_gap_left_by_a_rolled_back_append_is_passed_at_once()
    {
        var store = Samples.Store(_database);
        await store.AppendAsync(Tenant, "s-1", ExpectedVersion.Any, Samples.Recorded(1));
        await using (var connection = await _database.DataSource.OpenConnectionAsync())
        await using (var rolledBack = await connection.BeginTransactionAsync())
        {
            await AppendRawAsync(connection, rolledBack, "s-gap", 2);
            await rolledBack.RollbackAsync();
        }
        var after = await store.AppendAsync(Tenant, "s-2", ExpectedVersion.Any, Samples.Recorded(3));

        // The very next read sees the event after the gap: nothing waits for the gap to "age".
        var read = await store.ReadAllAsync(Position.Start, 100);

        Assert.Equal(2, read.Count);
        Assert.Equal(after.First, read[1].Position);
        Assert.True(read[1].Position.Sequence - read[0].Position.Sequence >= 2, "the rolled-back append burned a sequence number");
    }

    [Fact]
    public async Task a_daemon_killed_between_batches_applies_every_event_exactly_once_after_restart()
    {
        var projection = await ProjectionAsync();
        var store = Samples.Store(_database);
        for (var i = 0; i < 40; i++)
            await store.AppendAsync(Tenant, $"s-{i % 7}", ExpectedVersion.Any, Enumerable.Range(0, 50).Select(j => (object)Samples.Recorded(j)).ToList());

        var batches = 0;
        projection.BeforeApply = async _ => { Interlocked.Increment(ref batches); await Task.Delay(20); };
        var first = await DaemonHarness.StartAsync(_database, projection, batchSize: 100);
        await Eventually.TrueAsync(() => Volatile.Read(ref batches) >= 5, "a few batches ran");

        // Kill the leader's session from the database side, mid-run, then stop the process's daemon.
        await _database.ExecuteAsync("select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'myna-projection-daemon' and datname = current_database()");
        await DaemonHarness.StopAsync(first);
        var appliedBeforeRestart = (await projection.AppliedAsync(_database.DataSource)).Count;
        Assert.InRange(appliedBeforeRestart, 1, 1999);

        projection.BeforeApply = null;
        var second = await DaemonHarness.StartAsync(_database, projection, batchSize: 100);
        try
        {
            await Eventually.TrueAsync(async () => (await projection.AppliedAsync(_database.DataSource)).Count >= 2000, "all events are applied after restart");
            await Task.Delay(200);
            var applied = await projection.AppliedAsync(_database.DataSource);
            Assert.Equal(2000, applied.Count);
            Assert.Equal(await DaemonHarness.GlobalOrderAsync(_database), applied);
        }
        finally
        {
            await DaemonHarness.StopAsync(second);
        }
    }

    [Fact]
    public async Task of_two_daemons_one_leads_and_the_other_takes_over_when_it_stops()
    {
        var projection = await ProjectionAsync();
        var store = Samples.Store(_database);
        var first = await DaemonHarness.StartAsync(_database, projection);
        await Eventually.TrueAsync(() => first.Status("recording").IsLeading, "the first daemon leads");
        var second = await DaemonHarness.StartAsync(_database, projection);
        try
        {
            for (var i = 0; i < 50; i++) await store.AppendAsync(Tenant, $"s-{i % 5}", ExpectedVersion.Any, Samples.Recorded(i));
            await Eventually.TrueAsync(async () => (await projection.AppliedAsync(_database.DataSource)).Count == 50, "the leader applies the first events");
            Assert.True(first.Status("recording").IsLeading);
            Assert.False(second.Status("recording").IsLeading);
            Assert.Equal(0, second.Status("recording").EventsAppliedByThisProcess);

            await DaemonHarness.StopAsync(first);
            await Eventually.TrueAsync(() => second.Status("recording").IsLeading, "the second daemon takes over", TimeSpan.FromSeconds(10));
            for (var i = 50; i < 100; i++) await store.AppendAsync(Tenant, $"s-{i % 5}", ExpectedVersion.Any, Samples.Recorded(i));
            await Eventually.TrueAsync(async () => (await projection.AppliedAsync(_database.DataSource)).Count == 100, "the new leader applies the rest");

            Assert.Equal(50, second.Status("recording").EventsAppliedByThisProcess);
            Assert.Equal(await DaemonHarness.GlobalOrderAsync(_database), await projection.AppliedAsync(_database.DataSource));
        }
        finally
        {
            await DaemonHarness.StopAsync(second);
        }
    }

    [Fact]
    public async Task a_projection_rebuilds_from_position_zero_while_appends_go_on()
    {
        var projection = await ProjectionAsync();
        var store = Samples.Store(_database);
        for (var i = 0; i < 300; i++) await store.AppendAsync(Tenant, $"s-{i % 9}", ExpectedVersion.Any, Samples.Recorded(i));
        var daemon = await DaemonHarness.StartAsync(_database, projection, batchSize: 50);
        try
        {
            await Eventually.TrueAsync(async () => (await projection.AppliedAsync(_database.DataSource)).Count == 300, "the projection catches up");

            using var stopWriting = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                var n = 0;
                while (!stopWriting.IsCancellationRequested)
                    await store.AppendAsync(Tenant, $"s-{n % 9}", ExpectedVersion.Any, Samples.Recorded(n++));
                return n;
            });
            await Task.Delay(100);
            Assert.Equal(RebuildRequest.Requested, await new ProjectionAdmin(_database.DataSource).RequestRebuildAsync("recording", Guid.NewGuid()));
            await Eventually.TrueAsync(async () => await _database.ScalarAsync<bool>(
                "select rebuild_started_at is not null and rebuild_requested_at is null from myna.projection_checkpoints where name = 'recording'"), "the rebuild starts");
            await Task.Delay(200);
            await stopWriting.CancelAsync();
            var written = await writer;
            Assert.True(written > 0);

            var total = await DaemonHarness.EventCountAsync(_database);
            await Eventually.TrueAsync(async () => (await projection.AppliedAsync(_database.DataSource)).Count == total, "the rebuilt projection catches up");
            Assert.Equal(await DaemonHarness.GlobalOrderAsync(_database), await projection.AppliedAsync(_database.DataSource));
            Assert.Equal(total, await _database.ScalarAsync<long>("select events_applied from myna.projection_checkpoints where name = 'recording'"));
        }
        finally
        {
            await DaemonHarness.StopAsync(daemon);
        }
    }

    [Fact]
    public async Task a_daemon_is_woken_by_an_append_notified_from_another_process()
    {
        var projection = await ProjectionAsync();
        // No in-process signal and a poll far beyond the test: only NOTIFY can wake it.
        var daemon = await DaemonHarness.StartAsync(_database, projection, poll: TimeSpan.FromHours(1));
        try
        {
            await Eventually.TrueAsync(() => daemon.Status("recording").IsLeading, "the daemon leads");
            await Task.Delay(300); // let it finish its first empty batch and go to sleep
            var otherProcess = Samples.Store(_database); // its own notifier, unknown to the daemon
            await otherProcess.AppendAsync(Tenant, "s-notified", ExpectedVersion.Any, Samples.Recorded(1));

            await Eventually.TrueAsync(async () => (await projection.AppliedAsync(_database.DataSource)).Count == 1, "the notified daemon applies the event");
        }
        finally
        {
            await DaemonHarness.StopAsync(daemon);
        }
    }

    [Fact]
    public async Task a_daemon_polls_for_events_written_without_any_notification()
    {
        var projection = await ProjectionAsync();
        var daemon = await DaemonHarness.StartAsync(_database, projection, poll: TimeSpan.FromMilliseconds(200));
        try
        {
            await Eventually.TrueAsync(() => daemon.Status("recording").IsLeading, "the daemon leads");
            await using (var connection = await _database.DataSource.OpenConnectionAsync())
            await using (var transaction = await connection.BeginTransactionAsync())
            {
                await AppendRawAsync(connection, transaction, "s-silent", 1); // the SQL function alone sends no NOTIFY
                await transaction.CommitAsync();
            }

            await Eventually.TrueAsync(async () => (await projection.AppliedAsync(_database.DataSource)).Count == 1, "polling finds the event");
        }
        finally
        {
            await DaemonHarness.StopAsync(daemon);
        }
    }

    [Fact]
    public async Task per_stream_versions_only_grow_along_the_global_order_under_concurrent_writers()
    {
        var store = Samples.Store(_database);
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < 60; i++)
                await store.AppendAsync(Tenant, $"s-{i % 3}", ExpectedVersion.Any, Samples.Recorded(w * 1000 + i));
        }));
        await Task.WhenAll(writers);

        var all = await store.ReadAllAsync(Position.Start, 10_000);
        Assert.Equal(480, all.Count);
        foreach (var stream in all.GroupBy(e => e.StreamId))
            Assert.Equal(Enumerable.Range(1, stream.Count()).Select(v => (long)v), stream.Select(e => e.Version));
    }

    [Fact]
    public async Task the_leader_reports_its_lag_in_events_and_seconds()
    {
        var projection = await ProjectionAsync();
        var store = Samples.Store(_database);
        for (var i = 0; i < 20; i++) await store.AppendAsync(Tenant, "s-lag", ExpectedVersion.Any, Samples.Recorded(i));
        using var release = new SemaphoreSlim(0);
        projection.BeforeApply = async _ => await release.WaitAsync();
        var daemon = await DaemonHarness.StartAsync(_database, projection, batchSize: 5);
        try
        {
            var status = daemon.Status("recording");
            await Eventually.TrueAsync(() => status.IsLeading, "the daemon leads");
            release.Release(); // first batch goes through, then the lag is measured
            await Eventually.TrueAsync(() => status.LagEvents == 15, "lag of 15 events is measured");
            Assert.True(status.LagSeconds > 0);

            var gauge = MeasureGauge("myna.projection.lag.events");
            Assert.Contains(15L, gauge);

            projection.BeforeApply = null;
            release.Release(10);
            await Eventually.TrueAsync(() => status.LagEvents == 0 && status.LagSeconds == 0, "the lag returns to zero once caught up");
        }
        finally
        {
            release.Release(10);
            await DaemonHarness.StopAsync(daemon);
        }
    }

    private static List<long> MeasureGauge(string name)
    {
        var values = new List<long>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.EventStoreTelemetry.Name && instrument.Name == name) l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => values.Add(value));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }
}
