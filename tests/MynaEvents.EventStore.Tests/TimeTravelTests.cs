using MynaEvents.EventStore.Appending;
using MynaEvents.EventStore.Reading;
using MynaEvents.Testing;

namespace MynaEvents.EventStore.Tests;

public sealed class TimeTravelTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Tenant = "group-a";

    private static int Sum(int total, RecordedEvent e) => e.Data is SampleRecorded r ? total + r.Amount : total;

    [Fact]
    public async Task a_stream_folds_to_its_state_as_of_a_version()
    {
        var store = Samples.Store(database);
        await store.AppendAsync(Tenant, "s-version", ExpectedVersion.NoStream, [Samples.Recorded(1), Samples.Recorded(10), Samples.Recorded(100)]);

        var atTwo = await store.AggregateStreamAsync(Tenant, "s-version", 0, Sum, StreamLimit.UpToVersion(2));
        var latest = await store.AggregateStreamAsync(Tenant, "s-version", 0, Sum);
        var none = await store.AggregateStreamAsync(Tenant, "s-version", 0, Sum, StreamLimit.UpToVersion(0));

        Assert.Equal((11, 2L), (atTwo.State, atTwo.Version));
        Assert.Equal((111, 3L), (latest.State, latest.Version));
        Assert.Equal((0, 0L), (none.State, none.Version));
    }

    [Fact]
    public async Task a_stream_folds_to_its_state_as_of_a_time()
    {
        var store = Samples.Store(database);
        await store.AppendAsync(Tenant, "s-time", ExpectedVersion.NoStream, Samples.Recorded(1));
        await store.AppendAsync(Tenant, "s-time", ExpectedVersion.Exactly(1), Samples.Recorded(10));
        var between = await database.ScalarAsync<DateTime>("select clock_timestamp()");
        await Task.Delay(5);
        await store.AppendAsync(Tenant, "s-time", ExpectedVersion.Exactly(2), Samples.Recorded(100));

        var then = await store.AggregateStreamAsync(Tenant, "s-time", 0, Sum, StreamLimit.AsOfTime(new DateTimeOffset(between, TimeSpan.Zero)));
        var before = await store.AggregateStreamAsync(Tenant, "s-time", 0, Sum, StreamLimit.AsOfTime(new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal((11, 2L), (then.State, then.Version));
        Assert.Equal((0, 0L), (before.State, before.Version));
    }
}
