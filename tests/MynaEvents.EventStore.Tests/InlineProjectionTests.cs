using MynaEvents.EventStore.Appending;
using MynaEvents.EventStore.Projections;
using MynaEvents.EventStore.Reading;
using MynaEvents.Testing;

namespace MynaEvents.EventStore.Tests;

public sealed class InlineProjectionTests(TestDatabase database) : IClassFixture<TestDatabase>
{
    private const string Tenant = "group-a";

    [Fact]
    public async Task an_inline_projection_is_written_in_the_appends_transaction()
    {
        var projection = new RecordingProjection("inline_view");
        await projection.CreateTableAsync(database.DataSource);
        var store = Samples.Store(database, projection);
        var command = new AppendOptions { CommandId = Guid.NewGuid() };

        var result = await store.AppendAsync(Tenant, "s-inline", ExpectedVersion.NoStream, [Samples.Recorded(1), Samples.Recorded(2)], command);

        // Readable the moment the append returns: no daemon runs in this test.
        Assert.Equal([result.First.Sequence, result.Last.Sequence], await projection.AppliedAsync(database.DataSource));

        await store.AppendAsync(Tenant, "s-inline", ExpectedVersion.NoStream, [Samples.Recorded(1), Samples.Recorded(2)], command);
        await Assert.ThrowsAsync<StreamVersionConflictException>(() =>
            store.AppendAsync(Tenant, "s-inline", ExpectedVersion.Exactly(1), Samples.Recorded(3)));
        Assert.Equal(2, (await projection.AppliedAsync(database.DataSource)).Count);
    }

    [Fact]
    public async Task an_inline_projection_sees_only_appends_of_the_event_types_it_handles()
    {
        var projection = new SelectiveProjection("inline_selective");
        await projection.CreateTableAsync(database.DataSource);
        var store = Samples.Store(database, projection);

        await store.AppendAsync(Tenant, "s-selective", ExpectedVersion.Any, Samples.Recorded(1));
        Assert.Empty(await projection.AppliedAsync(database.DataSource));

        var corrected = await store.AppendAsync(Tenant, "s-selective", ExpectedVersion.Any, new SampleCorrected("why"));
        Assert.Equal([corrected.First.Sequence], await projection.AppliedAsync(database.DataSource));
    }

    private sealed class SelectiveProjection(string name) : IProjection
    {
        private readonly RecordingProjection _inner = new(name);
        public string Name => _inner.Name;
        public bool Concerns(string eventType) => eventType == "SampleCorrected";
        public Task CreateTableAsync(Npgsql.NpgsqlDataSource dataSource) => _inner.CreateTableAsync(dataSource);
        public Task<List<long>> AppliedAsync(Npgsql.NpgsqlDataSource dataSource) => _inner.AppliedAsync(dataSource);
        public Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionContext context, CancellationToken cancellationToken) =>
            _inner.ApplyAsync(events, context, cancellationToken);
        public Task ResetAsync(ProjectionContext context, CancellationToken cancellationToken) => _inner.ResetAsync(context, cancellationToken);
    }

    [Fact]
    public async Task a_failing_inline_projection_rolls_the_append_back()
    {
        var projection = new RecordingProjection("inline_failing");
        await projection.CreateTableAsync(database.DataSource);
        projection.BeforeApply = _ => throw new InvalidOperationException("view refused");
        var store = Samples.Store(database, projection);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            store.AppendAsync(Tenant, "s-inline-fail", ExpectedVersion.Any, Samples.Recorded(1)));

        Assert.Equal(0, await store.GetStreamVersionAsync(Tenant, "s-inline-fail"));
        Assert.Empty(await projection.AppliedAsync(database.DataSource));
    }
}
