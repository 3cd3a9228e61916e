using MynaEvents.EventStore.Appending;
using MynaEvents.Testing;

namespace MynaEvents.EventStore.Tests;

public sealed class AppendingTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Tenant = "group-a";

    [Fact]
    public async Task appended_events_read_back_in_stream_order_with_their_metadata()
    {
        var store = Samples.Store(database);
        var commandId = Guid.NewGuid();
        var occurredAt = new DateTimeOffset(2026, 3, 31, 23, 59, 0, TimeSpan.FromHours(9));

        var result = await store.AppendAsync(Tenant, "s-meta", ExpectedVersion.NoStream,
            [Samples.Recorded(1), new SampleCorrected("typo"), Samples.Recorded(3)],
            new AppendOptions { CommandId = commandId, CorrelationId = "corr-1", CausationId = "cause-1", DeviceId = "dev-7", Actor = "staff-3", OccurredAt = occurredAt });

        Assert.Equal((0L, 3L, false), (result.FromVersion, result.ToVersion, result.Duplicate));
        var events = await store.ReadStreamAsync(Tenant, "s-meta").ToListAsync();
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.Version));
        Assert.Equal(["SampleRecorded", "SampleCorrected", "SampleRecorded"], events.Select(e => e.EventType));
        Assert.Equal(new SampleCorrected("typo"), events[1].Data);
        Assert.All(events, e =>
        {
            Assert.Equal(Tenant, e.TenantId);
            Assert.Equal(commandId, e.Metadata.CommandId);
            Assert.Equal(("corr-1", "cause-1", "dev-7", "staff-3"), (e.Metadata.CorrelationId, e.Metadata.CausationId, e.Metadata.DeviceId, e.Metadata.Actor));
            Assert.Equal(occurredAt, e.Metadata.OccurredAt);
        });
        Assert.Equal(result.First, events[0].Position);
        Assert.Equal(result.Last, events[2].Position);
        Assert.True(events[0].Position < events[1].Position && events[1].Position < events[2].Position);

        var fromTwo = await store.ReadStreamAsync(Tenant, "s-meta", fromVersion: 2).ToListAsync();
        Assert.Equal([2L, 3L], fromTwo.Select(e => e.Version));
    }

    [Fact]
    public async Task parallel_writers_expecting_the_same_version_have_exactly_one_winner_and_losers_burn_no_position()
    {
        var store = Samples.Store(database);
        const int writers = 12;
        const int rounds = 15;
        var losses = 0;

        for (var round = 0; round < rounds; round++)
        {
            using var start = new Barrier(writers);
            var expected = ExpectedVersion.Exactly(round);
            var attempts = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
            {
                start.SignalAndWait();
                try
                {
                    await store.AppendAsync(Tenant, "s-race", round == 0 ? ExpectedVersion.NoStream : expected, Samples.Recorded(w));
                    return true;
                }
                catch (StreamVersionConflictException conflict)
                {
                    Assert.Equal(round + 1, conflict.ActualVersion);
                    return false;
                }
            })).ToList();
            var outcomes = await Task.WhenAll(attempts);
            Assert.Equal(1, outcomes.Count(won => won));
            losses += outcomes.Count(won => !won);
        }

        Assert.Equal(rounds * (writers - 1), losses);
        var events = await store.ReadStreamAsync(Tenant, "s-race").ToListAsync();
        Assert.Equal(Enumerable.Range(1, rounds).Select(v => (long)v), events.Select(e => e.Version));
        // Losers were refused before drawing a sequence number: the winners' numbers are contiguous.
        var sequences = events.Select(e => e.Position.Sequence).Order().ToList();
        Assert.Equal(rounds - 1, sequences[^1] - sequences[0]);
        Assert.Equal(rounds, await store.GetStreamVersionAsync(Tenant, "s-race"));
    }

    [Fact]
    public async Task a_conflict_is_typed_names_the_actual_version_and_writes_nothing()
    {
        var store = Samples.Store(database);
        await store.AppendAsync(Tenant, "s-conflict", ExpectedVersion.NoStream, [Samples.Recorded(1), Samples.Recorded(2)]);

        var stale = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            store.AppendAsync(Tenant, "s-conflict", ExpectedVersion.Exactly(1), Samples.Recorded(3)));
        var exists = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            store.AppendAsync(Tenant, "s-conflict", ExpectedVersion.NoStream, Samples.Recorded(3)));
        var missing = await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            store.AppendAsync(Tenant, "s-never", ExpectedVersion.Exactly(4), Samples.Recorded(3)));

        Assert.Equal(2, stale.ActualVersion);
        Assert.Equal(2, exists.ActualVersion);
        Assert.Equal(0, missing.ActualVersion);
        Assert.Equal(2, await store.GetStreamVersionAsync(Tenant, "s-conflict"));
        Assert.Equal(0, await store.GetStreamVersionAsync(Tenant, "s-never"));
        Assert.Equal(0L, await database.ScalarAsync<long>("select count(*) from myna.events where stream_id = 's-never'"));
    }

    [Fact]
    public async Task any_version_appends_whatever_the_stream_holds()
    {
        var store = Samples.Store(database);
        var first = await store.AppendAsync(Tenant, "s-any", ExpectedVersion.Any, Samples.Recorded(1));
        var second = await store.AppendAsync(Tenant, "s-any", ExpectedVersion.Any, [Samples.Recorded(2), Samples.Recorded(3)]);

        Assert.Equal((0L, 1L), (first.FromVersion, first.ToVersion));
        Assert.Equal((1L, 3L), (second.FromVersion, second.ToVersion));
    }

    [Fact]
    public async Task streams_of_different_tenants_with_the_same_id_are_separate()
    {
        var store = Samples.Store(database);
        await store.AppendAsync("group-x", "shared-id", ExpectedVersion.NoStream, Samples.Recorded(1));
        await store.AppendAsync("group-y", "shared-id", ExpectedVersion.NoStream, [Samples.Recorded(2), Samples.Recorded(3)]);

        var x = await store.ReadStreamAsync("group-x", "shared-id").ToListAsync();
        var y = await store.ReadStreamAsync("group-y", "shared-id").ToListAsync();
        Assert.Equal([1], x.Select(e => ((SampleRecorded)e.Data).Amount));
        Assert.Equal([2, 3], y.Select(e => ((SampleRecorded)e.Data).Amount));
    }

    [Fact]
    public async Task an_unregistered_event_type_is_refused_before_anything_is_sent()
    {
        var store = Samples.Store(database);
        await Assert.ThrowsAsync<UnknownEventTypeException>(() =>
            store.AppendAsync(Tenant, "s-unknown", ExpectedVersion.Any, new { Whatever = 1 }));
        Assert.Equal(0, await store.GetStreamVersionAsync(Tenant, "s-unknown"));
    }
}
