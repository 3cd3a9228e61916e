using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MynaEvents.EventStore.Schema;

/// <summary>
/// Creates and migrates the store's schema. Migrations are numbered .sql files applied in
/// order, each once, inside one transaction that holds an advisory lock: processes starting
/// at the same time wait for each other instead of racing on DDL.
/// </summary>
public sealed class SchemaMigrator(NpgsqlDataSource dataSource, ILogger<SchemaMigrator>? logger = null)
{
    /// <summary>Advisory lock key (two-int form) that serialises migrations.</summary>
    private const int LockClass = 1297698304;

    private readonly ILogger _logger = logger ?? NullLogger<SchemaMigrator>.Instance;

    public static IReadOnlyList<Migration> Migrations { get; } = LoadMigrations();

    public static int LatestVersion => Migrations[^1].Version;

    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, $"""
            select pg_advisory_xact_lock({LockClass}, 0);
            create schema if not exists myna;
            create table if not exists myna.schema_migrations (
                version    int         primary key,
                name       text        not null,
                checksum   text        not null,
                applied_at timestamptz not null default now());
            """, cancellationToken);

        var applied = await ReadAppliedAsync(connection, cancellationToken);
        foreach (var (version, checksum) in applied)
        {
            var known = Migrations.FirstOrDefault(m => m.Version == version)
                ?? throw new SchemaMismatchException(
                    $"The database has schema migration {version}, which this build does not know: it was migrated by a newer version of MynaEvents.");
            if (known.Checksum != checksum)
                throw new SchemaMismatchException(
                    $"Schema migration {version} ({known.Name}) was applied with different contents; refusing to run against a schema it cannot trust.");
        }

        foreach (var migration in Migrations.Where(m => !applied.ContainsKey(m.Version)))
        {
            _logger.LogInformation("Applying schema migration {Version} {Name}", migration.Version, migration.Name);
            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await using var record = new NpgsqlCommand(
                "insert into myna.schema_migrations (version, name, checksum) values ($1, $2, $3)", connection);
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Name });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = migration.Checksum });
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The highest migration applied, or 0 when the schema does not exist.</summary>
    public async Task<int> CurrentVersionAsync(CancellationToken cancellationToken = default)
    {
        await using var exists = dataSource.CreateCommand("select to_regclass('myna.schema_migrations') is not null");
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken))!) return 0;
        await using var command = dataSource.CreateCommand("select coalesce(max(version), 0) from myna.schema_migrations");
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private static async Task<Dictionary<int, string>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var applied = new Dictionary<int, string>();
        await using var command = new NpgsqlCommand("select version, checksum from myna.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) applied[reader.GetInt32(0)] = reader.GetString(1);
        return applied;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static List<Migration> LoadMigrations()
    {
        var migrations = SqlResources.Names("Migrations/")
            .Select(resource =>
            {
                var fileName = resource["Migrations/".Length..];
                var version = int.Parse(fileName.AsSpan(0, fileName.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
                var sql = SqlResources.Read(resource).ReplaceLineEndings("\n");
                var checksum = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql)));
                return new Migration(version, Path.GetFileNameWithoutExtension(fileName), sql, checksum);
            })
            .OrderBy(m => m.Version)
            .ToList();
        for (var i = 0; i < migrations.Count; i++)
            if (migrations[i].Version != i + 1)
                throw new InvalidOperationException($"Schema migrations must be numbered 1..n without gaps; found {migrations[i].Name} at place {i + 1}.");
        return migrations;
    }
}

public sealed record Migration(int Version, string Name, string Sql, string Checksum);

/// <summary>The database's schema is not one this build can run against.</summary>
public sealed class SchemaMismatchException(string message) : Exception(message);
