using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MynaEvents.Server.Storage.Schema;

/// <summary>
/// Creates and migrates the tables the product keeps beside Marten's (Marten manages its own
/// event tables; see Storage/README.md). Migrations are numbered .sql files per module, applied
/// in order, each once, inside one transaction that holds an advisory lock: processes
/// starting at the same time wait for each other instead of racing on DDL.
/// </summary>
public sealed class SchemaMigrator
{
    /// <summary>Advisory lock key (two-int form) that serialises migrations.</summary>
    private const int LockClass = 1297698304;

    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    public SchemaMigrator(NpgsqlDataSource dataSource, IEnumerable<MigrationModule>? modules = null, ILogger<SchemaMigrator>? logger = null)
    {
        _dataSource = dataSource;
        _logger = logger ?? NullLogger<SchemaMigrator>.Instance;
        // Storage comes first: other modules may refer to its tables.
        Modules = [MigrationModule.Storage, .. (modules ?? []).Where(m => m.Name != MigrationModule.Storage.Name)];
        var duplicate = Modules.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"Two migration modules are named '{duplicate.Key}'.", nameof(modules));
    }

    public IReadOnlyList<MigrationModule> Modules { get; }

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, $"""
            select pg_advisory_xact_lock({LockClass}, 0);
            create schema if not exists myna;
            create table if not exists myna.schema_migrations (
                module     text        not null,
                version    int         not null,
                name       text        not null,
                checksum   text        not null,
                applied_at timestamptz not null default now(),
                primary key (module, version));
            """, cancellationToken);

        var applied = await ReadAppliedAsync(connection, cancellationToken);
        foreach (var ((moduleName, version), checksum) in applied)
        {
            var module = Modules.FirstOrDefault(m => m.Name == moduleName);
            if (module is null) continue; // another program's module sharing this database
            var known = module.Migrations.FirstOrDefault(m => m.Version == version)
                ?? throw new SchemaMismatchException(
                    $"The database has {moduleName} schema migration {version}, which this build does not know: it was migrated by a newer version of MynaEvents.");
            if (known.Checksum != checksum)
                throw new SchemaMismatchException(
                    $"Schema migration {moduleName} {version} ({known.Name}) was applied with different contents; refusing to run against a schema it cannot trust.");
        }

        foreach (var module in Modules)
        foreach (var migration in module.Migrations.Where(m => !applied.ContainsKey((module.Name, m.Version))))
        {
            _logger.LogInformation("Applying schema migration {Module} {Version} {Name}", module.Name, migration.Version, migration.Name);
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                "insert into myna.schema_migrations (module, version, name, checksum) values ($1, $2, $3, $4)", connection);
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = module.Name });
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Checksum });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The highest migration applied per module (0 when none, or when the schema does not exist).</summary>
    public async Task<IReadOnlyDictionary<string, int>> CurrentVersionsAsync(CancellationToken cancellationToken = default)
    {
        var versions = Modules.ToDictionary(m => m.Name, _ => 0);
        await using var exists = _dataSource.CreateCommand("select to_regclass('myna.schema_migrations') is not null");
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return versions;
        await using var command = _dataSource.CreateCommand("select module, max(version) from myna.schema_migrations group by module");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            if (versions.ContainsKey(reader.GetString(0))) versions[reader.GetString(0)] = reader.GetInt32(1);
        return versions;
    }

    /// <summary>True when every module is at its latest version; the description says where each stands.</summary>
    public async Task<(bool Current, string Description)> CheckCurrentAsync(CancellationToken cancellationToken = default)
    {
        var versions = await CurrentVersionsAsync(cancellationToken);
        var current = Modules.All(m => versions[m.Name] == m.LatestVersion);
        var description = string.Join(", ", Modules.Select(m =>
            string.Create(CultureInfo.InvariantCulture, $"{m.Name} {versions[m.Name]}/{m.LatestVersion}")));
        return (current, description);
    }

    private static async Task<Dictionary<(string, int), string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new Dictionary<(string, int), string>();
        await using var command = new NpgsqlCommand("select module, version, checksum from myna.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied[(reader.GetString(0), reader.GetInt32(1))] = reader.GetString(2);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}

/// <summary>The database's schema is not one this build can run against.</summary>
public sealed class SchemaMismatchException(string message) : Exception(message);
