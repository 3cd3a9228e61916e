using MynaEvents.EventStore;
using MynaEvents.EventStore.Schema;
using Npgsql;

namespace MynaEvents.Bench;

/// <summary>
/// The benchmark's database: the store's schema (migrated like production) plus a schema
/// "bench" for the raw baselines. Every run starts from empty tables so runs compare.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    public const string Variable = "MYNA_BENCH_DB";

    private BenchDatabase(string connectionString, NpgsqlDataSource dataSource)
    {
        ConnectionString = connectionString;
        DataSource = dataSource;
    }

    public string ConnectionString { get; }

    /// <summary>One pool for the store and the raw baselines alike, so both pay the same connection costs.</summary>
    public NpgsqlDataSource DataSource { get; }

    public static BenchDatabase FromEnvironment()
    {
        var value = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(value))
            throw new UsageException(
                $"{Variable} is not set. Run `make bench`, which starts a private PostgreSQL and sets it, or set it to " +
                "an Npgsql connection string of a database you can empty, e.g. " +
                "MYNA_BENCH_DB=\"Host=127.0.0.1;Port=5432;Username=postgres;Database=bench\".");

        var builder = new NpgsqlConnectionStringBuilder(value) { ApplicationName = "myna-bench" };
        // Emptying the store's tables is destructive: refuse anything that does not look like a benchmark database.
        if (builder.Database is not { } database || !database.Contains("bench", StringComparison.OrdinalIgnoreCase))
            throw new UsageException($"{Variable} names database '{builder.Database}'; the benchmark empties the event store, " +
                "so it only runs against a database whose name contains \"bench\".");
        // 32 writers plus the notifier and the daemon's own unpooled sessions must fit.
        if (builder.MaxPoolSize < 64) builder.MaxPoolSize = 64;

        var connectionString = builder.ConnectionString;
        // Both the store and the raw baseline borrow from this one data source, built as the server builds its own.
        return new BenchDatabase(connectionString, EventStoreDataSource.Create(connectionString, "myna-bench"));
    }

    /// <summary>Migrates the store's schema, empties it, and creates the baseline tables afresh.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        await new SchemaMigrator(DataSource).MigrateAsync(ct);
        await ExecuteAsync("""
            truncate myna.events, myna.streams, myna.commands, myna.projection_checkpoints;
            drop schema if exists bench cascade;
            create schema bench;

            -- The baseline writes tables shaped exactly like the store's, indexes included.
            create table bench.streams (like myna.streams including all);
            create table bench.events (like myna.events including all);

            -- Catch-up targets: the same four columns for the raw loop and for the daemon's projection.
            create table bench.raw_projection (seq bigint, stream_id text, event_type text, amount int);
            create table bench.daemon_projection (seq bigint, stream_id text, event_type text, amount int);
            create table bench.raw_checkpoint (
                name           text   primary key,
                tx_id          xid8   not null default '0',
                seq            bigint not null default 0,
                events_applied bigint not null default 0,
                updated_at     timestamptz not null default now());
            """, ct);

        // LIKE ... INCLUDING ALL copies every index, the global-order one included; make sure, so
        // index maintenance is the same on both sides even if that ever changes.
        var hasGlobalOrder = await ScalarAsync<bool>("""
            select exists (select from pg_indexes
                            where schemaname = 'bench' and tablename = 'events'
                              and indexdef like '%(tx_id, seq)')
            """, ct);
        if (!hasGlobalOrder) await ExecuteAsync("create index on bench.events (tx_id, seq)", ct);
    }

    /// <summary>Index definitions of both event tables, printed so a reader can see they match.</summary>
    public async Task<IReadOnlyList<string>> EventIndexesAsync(CancellationToken ct)
    {
        await using var command = DataSource.CreateCommand("""
            select schemaname || '.' || tablename || ': ' || regexp_replace(indexdef, '^.* USING ', '')
              from pg_indexes
             where (schemaname, tablename) in (('myna', 'events'), ('bench', 'events'), ('myna', 'streams'), ('bench', 'streams'))
             order by tablename, schemaname, indexdef
            """);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var lines = new List<string>();
        while (await reader.ReadAsync(ct)) lines.Add(reader.GetString(0));
        return lines;
    }

    public async Task ExecuteAsync(string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.CommandTimeout = 0; // seeding and VACUUM take longer than the default 30 s on slow disks
        command.Parameters.AddRange(parameters);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async Task<T> ScalarAsync<T>(string sql, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = DataSource.CreateCommand(sql);
        command.CommandTimeout = 0;
        command.Parameters.AddRange(parameters);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
