using System.Diagnostics.Metrics;
using Marten;
using MynaEvents.Server.Storage;
using MynaEvents.Testing;
using Xunit.Abstractions;

namespace MynaEvents.Server.Tests.Storage;

public sealed class HighWaterWatchTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly RecordingProjection _projection = new("watched_recording");

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _projection.CreateTableAsync(_database.DataSource);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    /// <summary>This database's readings of a gauge (listeners are process-wide: other tests' servers report too).</summary>
    private List<(double Value, string? Projection)> Measure(string instrument)
    {
        var values = new List<(double, string?)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (published, l) =>
        {
            if (published.Meter.Name == StorageTelemetry.Name && published.Name == instrument) l.EnableMeasurementEvents(published);
        };
        void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? database = null, projection = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "db.namespace") database = tag.Value as string;
                if (tag.Key == "projection") projection = tag.Value as string;
            }
            if (database == _database.Name) values.Add((value, projection));
        }
        listener.SetMeasurementEventCallback<double>((_, value, tags, _) => Record(value, tags));
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) => Record(value, tags));
        listener.Start();
        listener.RecordObservableInstruments();
        return values;
    }

    /// <summary>The stall this database reports (null: no reading yet).</summary>
    private double? Age() => Measure("myna.projection.high_water.age").Select(m => (double?)m.Value).SingleOrDefault();

    private double? Lag() => Measure("myna.projection.lag.events").Where(m => m.Projection == _projection.Name).Select(m => (double?)m.Value).SingleOrDefault();

    [Fact]
    public async Task a_transaction_held_open_over_a_gap_shows_as_a_stalled_high_water_mark_until_it_commits()
    {
        await using var host = await StorageHost.StartAsync(_database, _projection);
        await host.AppendAsync("s-before", new SampleRecorded("before", 0));
        await Eventually.TrueAsync(async () => (await _projection.AppliedAsync(_database.DataSource)).Count == 1, "the first event is applied");
        await Eventually.TrueAsync(() => Age() == 0 && Lag() == 0, "caught up: no stall, no lag");

        await using var connection = await host.DataSource.OpenConnectionAsync();
        await using var held = await connection.BeginTransactionAsync();
        await using (var session = host.SessionOn(held))
        {
            session.Events.Append("s-held", new SampleRecorded("held", 1));
            await session.SaveChangesAsync();
        }
        await host.AppendAsync("s-after", new SampleRecorded("after", 2));

        // Past the daemon's stale threshold (3 s) the mark has not moved, and the projection waits.
        var threshold = ((DocumentStore)host.Store).Options.Projections.StaleSequenceThreshold.TotalSeconds;
        await Eventually.TrueAsync(() => Age() > threshold + 1, "the gauge reports the stall", TimeSpan.FromSeconds(20));
        output.WriteLine($"stalled for {Age():F1} s, lag {Lag()}");
        Assert.Equal(1, Lag());
        Assert.Single(await _projection.AppliedAsync(_database.DataSource));

        await held.CommitAsync();
        await Eventually.TrueAsync(() => Age() == 0 && Lag() == 0, "the stall ends when the transaction commits", TimeSpan.FromSeconds(20));
        Assert.Equal(3, (await _projection.AppliedAsync(_database.DataSource)).Count);
    }
}
