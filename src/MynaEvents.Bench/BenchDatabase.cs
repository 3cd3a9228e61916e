using Marten;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Storage.Schema;
using Npgsql;

namespace MynaEvents.Bench;

/// <summary>
/// The benchmark's database: Marten's event tables (schema myna_events, created by a store
/// configured as the server's) and our own (myna.commands), plus a schema "bench" for the raw
/// baselines. Every run starts from empty tables so runs compare.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    public const string Variable = "MYNA_BENCH_DB";

    /// <summary>Marten's tables, schema-qualified.</summary>
    public const string Events = StorageRegistration.MartenSchema + ".mt_events";
    public const string Streams = StorageRegistration.MartenSchema + ".mt_streams";
    public const string Sequence = StorageRegistration.MartenSchema + ".mt_events_sequence";
    public const string Progression = StorageRegistration.MartenSchema + ".mt_event_progression";

    private BenchDatabase(string connectionString, NpgsqlDataSource dataSource)
    {
        ConnectionString = connectionString;
        DataSource = dataSource;
    }

    public string ConnectionString { get; }

    /// <summary>One pool for Marten and the raw baselines alike, so both pay the same connection costs.</summary>
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
        // 32 writers plus the daemon's own sessions must fit.
        if (builder.MaxPoolSize < 64) builder.MaxPoolSize = 64;

        var connectionString = builder.ConnectionString;
        // Marten and the raw baselines borrow from this one data source, built as the server builds its own.
        return new BenchDatabase(connectionString, StorageDataSource.Create(connectionString, "myna-bench"));
    }

    /// <summary>A Marten store configured as the server's, on this database, with Marten's schema brought up to date.</summary>
    public async Task<DocumentStore> StoreAsync(EventTypeRegistry types, IEnumerable<AsyncViewProjection>? async, int batchSize,
        CancellationToken ct)
    {
        var store = StorageRegistration.BuildStore(DataSource, types, TimeProvider.System, async, batchSize);
        await MartenSchemaSetup.ApplyAsync(store, DataSource, ct);
        return store;
    }

    /// <summary>Migrates our tables and Marten's, empties them, and creates the baseline tables afresh.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        await new SchemaMigrator(DataSource).MigrateAsync(ct);
        using (await StoreAsync(BenchEvents.Registry(), null, StorageRegistration.AsyncBatchSize, ct)) { }
        await ExecuteAsync($"""
            truncate {Events}, {Streams}, {Progression}, myna.commands;
            drop schema if exists bench cascade;
            create schema bench;

            -- The baseline writes tables shaped exactly like Marten's, indexes and foreign key included,
            -- with its own sequence so it leaves no gaps in Marten's.
            create table bench.streams (like {Streams} including all);
            create table bench.events (like {Events} including all);
            alter table bench.events add foreign key (tenant_id, stream_id) references bench.streams (tenant_id, id);
            create sequence bench.events_sequence;

            -- Catch-up targets: the same four columns for the raw loop and for the daemon's projection.
            create table bench.raw_projection (seq bigint, stream_id text, event_type text, amount int);
            create table bench.daemon_projection (seq bigint, stream_id text, event_type text, amount int);
            create table bench.raw_checkpoint (
                name           text   primary key,
                seq            bigint not null default 0,
                events_applied bigint not null default 0,
                updated_at     timestamptz not null default now());
            """, ct);
    }

    /// <summary>Index and key definitions of both event tables, printed so a reader can see they match.</summary>
    public async Task<IReadOnlyList<string>> EventIndexesAsync(CancellationToken ct)
    {
        await using var command = DataSource.CreateCommand($"""
            select n.nspname || '.' || t.relname || ': ' || pg_get_constraintdef(c.oid)
              from pg_constraint c join pg_class t on t.oid = c.conrelid join pg_namespace n on n.oid = t.relnamespace
             where (n.nspname, t.relname) in (('{StorageRegistration.MartenSchema}', 'mt_events'), ('bench', 'events'),
                                              ('{StorageRegistration.MartenSchema}', 'mt_streams'), ('bench', 'streams'))
             order by t.relname, n.nspname, c.contype, 1
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

    /// <summary>A CHECKPOINT now keeps the seeding's WAL from being flushed during the measurement.</summary>
    public async Task TryCheckpointAsync(string what, CancellationToken ct)
    {
        try
        {
            await ExecuteAsync("checkpoint", ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            Console.WriteLine($"{what}: no privilege to CHECKPOINT; a background checkpoint may overlap the measurement");
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();
}
