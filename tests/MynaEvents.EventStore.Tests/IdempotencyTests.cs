using MynaEvents.EventStore.Appending;
using MynaEvents.Testing;

namespace MynaEvents.EventStore.Tests;

public sealed class IdempotencyTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Tenant = "group-a";

    [Fact]
    public async Task resending_a_command_returns_the_first_result_and_writes_nothing_new()
    {
        var store = Samples.Store(database);
        var command = new AppendOptions { CommandId = Guid.NewGuid() };

        var first = await store.AppendAsync(Tenant, "s-retry", ExpectedVersion.NoStream, [Samples.Recorded(1), Samples.Recorded(2)], command);
        // The retry carries a stale expectation, as an edge node resending after a timeout would.
        var again = await store.AppendAsync(Tenant, "s-retry", ExpectedVersion.NoStream, [Samples.Recorded(1), Samples.Recorded(2)], command);

        Assert.False(first.Duplicate);
        Assert.True(again.Duplicate);
        Assert.Equal((first.FromVersion, first.ToVersion, first.First, first.Last), (again.FromVersion, again.ToVersion, again.First, again.Last));
        Assert.Equal(2, await store.GetStreamVersionAsync(Tenant, "s-retry"));
        Assert.Equal(2L, await database.ScalarAsync<long>("select count(*) from myna.events where stream_id = 's-retry'"));
    }

    [Fact]
    public async Task a_command_already_written_can_be_found_before_sending_it_again()
    {
        var store = Samples.Store(database);
        var command = new AppendOptions { CommandId = Guid.NewGuid() };
        Assert.Null(await store.FindCommandAsync(Tenant, command.CommandId!.Value));

        var first = await store.AppendAsync(Tenant, "s-find", ExpectedVersion.Any, [Samples.Recorded(1), Samples.Recorded(2)], command);
        var found = await store.FindCommandAsync(Tenant, command.CommandId.Value);

        Assert.NotNull(found);
        Assert.Equal((first.StreamId, first.FromVersion, first.ToVersion, first.First, first.Last), (found.StreamId, found.FromVersion, found.ToVersion, found.First, found.Last));
        Assert.Null(await store.FindCommandAsync("another-group", command.CommandId.Value));
    }

    [Fact]
    public async Task concurrent_sends_of_one_command_produce_exactly_one_set_of_events()
    {
        var store = Samples.Store(database);
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var stream = $"s-concurrent-{attempt}";
            var command = new AppendOptions { CommandId = Guid.NewGuid() };
            using var start = new Barrier(8);
            var sends = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
            {
                start.SignalAndWait();
                return await store.AppendAsync(Tenant, stream, ExpectedVersion.Any, [Samples.Recorded(1), Samples.Recorded(2), Samples.Recorded(3)], command);
            })).ToList();
            var results = await Task.WhenAll(sends);

            Assert.Single(results, r => !r.Duplicate);
            Assert.All(results, r => Assert.Equal((0L, 3L), (r.FromVersion, r.ToVersion)));
            Assert.Single(results.Select(r => r.First).Distinct());
            Assert.Equal(3, await store.GetStreamVersionAsync(Tenant, stream));
        }
    }

    [Fact]
    public async Task a_command_id_reused_for_another_stream_is_refused_and_writes_nothing()
    {
        var store = Samples.Store(database);
        var command = new AppendOptions { CommandId = Guid.NewGuid() };
        await store.AppendAsync(Tenant, "s-original", ExpectedVersion.Any, Samples.Recorded(1), command);

        var reused = await Assert.ThrowsAsync<CommandIdReusedException>(() =>
            store.AppendAsync(Tenant, "s-other", ExpectedVersion.Any, Samples.Recorded(1), command));

        Assert.Equal("s-original", reused.OriginalStreamId);
        Assert.Equal(0, await store.GetStreamVersionAsync(Tenant, "s-other"));
    }

    [Fact]
    public async Task the_same_command_id_in_two_tenants_is_two_commands()
    {
        var store = Samples.Store(database);
        var command = new AppendOptions { CommandId = Guid.NewGuid() };
        var a = await store.AppendAsync("group-1", "s-tenant", ExpectedVersion.Any, Samples.Recorded(1), command);
        var b = await store.AppendAsync("group-2", "s-tenant", ExpectedVersion.Any, Samples.Recorded(1), command);
        Assert.False(a.Duplicate);
        Assert.False(b.Duplicate);
    }
}
