using Marten;
using MynaEvents.Testing;

namespace MynaEvents.Server.Tests.Storage;

/// <summary>The settings the daemon's gap safety rests on, read from the store the server builds.</summary>
public sealed class StoreOptionsTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();
    private readonly RecordingProjection _projection = new("options_recording");

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await _projection.CreateTableAsync(_database.DataSource);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task the_daemon_never_skips_a_gap_that_a_live_transaction_could_still_fill()
    {
        await using var host = StorageHost.Build(_database, _projection);
        var options = ((DocumentStore)host.Store).Options.Projections;

        // A stale gap is skipped only when no transaction from before it is alive (the evidence
        // probe) — never after a mere timeout, which is the legacy behaviour this switch turns off.
        Assert.True(options.UseTransactionEvidenceForGapSkipping);
        // No cap after which a gap is skipped despite a live transaction.
        Assert.Null(options.SkipStaleGapsDespiteLiveTransactionsAfter);
        Assert.Equal(TimeSpan.FromSeconds(3), options.StaleSequenceThreshold);
    }

    [Fact]
    public async Task every_connection_of_the_store_ends_a_transaction_left_idle_for_30_seconds()
    {
        await using var host = await StorageHost.StartAsync(_database, _projection);

        await using (var command = host.DataSource.CreateCommand("show idle_in_transaction_session_timeout"))
            Assert.Equal("30s", await command.ExecuteScalarAsync());

        // Marten's own sessions (appends, the daemon's batches) draw from the same data source.
        await using var session = host.Store.LightweightSession(StorageHost.Tenant);
        var martens = await session.AdvancedSql.QueryAsync<string>("show idle_in_transaction_session_timeout", CancellationToken.None);
        Assert.Equal("30s", Assert.Single(martens));
    }

    [Fact]
    public async Task the_append_function_keeps_its_cached_plans_while_every_other_statement_is_planned_for_its_parameters()
    {
        await using var host = await StorageHost.StartAsync(_database, _projection);

        await using (var command = host.DataSource.CreateCommand("show plan_cache_mode"))
            Assert.Equal("force_custom_plan", await command.ExecuteScalarAsync());
        await using (var command = host.DataSource.CreateCommand(
            "select array_to_string(proconfig, ',') from pg_proc where proname = 'mt_quick_append_events' and pronamespace = 'myna_events'::regnamespace"))
            Assert.Equal("plan_cache_mode=auto", await command.ExecuteScalarAsync());
    }
}
