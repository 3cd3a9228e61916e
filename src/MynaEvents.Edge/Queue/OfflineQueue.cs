using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Queue;

/// <summary>
/// The edge's durable queue of commands for the server, and its stock of pre-issued PIN
/// challenges, in one SQLite file in the edge's data directory. WAL with synchronous=FULL: a
/// commit is on disk (the WAL is fsynced) before the call that made it returns, so a power loss
/// right after <see cref="EnqueueAsync"/> loses nothing. One connection per instance, used by one
/// caller at a time; several instances (or processes) on the same file take turns through
/// SQLite's write lock. See README.md beside this file.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "It is the offline queue of the domain's words, not a collection type.")]
public sealed partial class OfflineQueue : IAsyncDisposable, IDisposable
{
    public const string FileName = "offline-queue.db";

    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private bool _disposed;

    private OfflineQueue(SqliteConnection connection, string path)
    {
        _connection = connection;
        FilePath = path;
    }

    public string FilePath { get; }

    /// <summary>Opens (creating if needed) the queue in <paramref name="dataDirectory"/>.</summary>
    public static async Task<OfflineQueue> OpenAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(PrivateFiles.EnsureDirectory(dataDirectory), FileName);
        // Created 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
        PrivateFiles.EnsureFile(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWrite,
            // Pragmas such as synchronous belong to a connection: a pooled one could come back without them.
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        try
        {
            await connection.OpenAsync(cancellationToken);
            await ConfigureAsync(connection, cancellationToken);
            await MigrateAsync(connection, cancellationToken);
            return new OfflineQueue(connection, path);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The journal mode and synchronous level in effect on this queue's connection, read back from SQLite.</summary>
    public Task<QueueDurability> ReadDurabilityAsync(CancellationToken cancellationToken) => RunAsync(async connection =>
        new QueueDurability(
            (string)(await ScalarAsync(connection, null, "PRAGMA journal_mode", [], cancellationToken))!,
            Convert.ToInt32(await ScalarAsync(connection, null, "PRAGMA synchronous", [], cancellationToken), System.Globalization.CultureInfo.InvariantCulture)),
        cancellationToken);

    private static async Task ConfigureAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, "PRAGMA busy_timeout = 10000", [], cancellationToken);
        var mode = (string?)await ScalarAsync(connection, null, "PRAGMA journal_mode = WAL", [], cancellationToken);
        if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
            throw new InvalidOperationException($"The offline queue needs SQLite's WAL journal, but the file system of {connection.DataSource} gave '{mode}' (a network drive?). Put the edge's data directory on a local disk.");
        await ExecuteAsync(connection, null, "PRAGMA synchronous = FULL", [], cancellationToken);
        // macOS: a plain fsync does not reach the platter; SQLite uses F_FULLFSYNC only when asked.
        await ExecuteAsync(connection, null, "PRAGMA fullfsync = ON", [], cancellationToken);
        await ExecuteAsync(connection, null, "PRAGMA checkpoint_fullfsync = ON", [], cancellationToken);
    }

    private static async Task MigrateAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        var version = Convert.ToInt32(await ScalarAsync(connection, transaction, "PRAGMA user_version", [], cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (version > QueueSql.SchemaVersion)
            throw new InvalidOperationException($"{connection.DataSource} was written by a newer edge (schema {version}, this build knows {QueueSql.SchemaVersion}).");
        await ExecuteAsync(connection, transaction, QueueSql.Schema, [], cancellationToken);
        await ExecuteAsync(connection, transaction, $"PRAGMA user_version = {QueueSql.SchemaVersion}", [], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>Runs <paramref name="work"/> with the connection, one caller at a time.</summary>
    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await work(_connection);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql,
        (string Name, object? Value)[] parameters, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static long Millis(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    private static DateTimeOffset Time(long millis) => DateTimeOffset.FromUnixTimeMilliseconds(millis);

    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_disposed) return;
            _disposed = true;
            await _connection.DisposeAsync();
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _gate.Wait();
        try
        {
            if (_disposed) return;
            _disposed = true;
            _connection.Dispose();
        }
        finally
        {
            _gate.Release();
        }
    }
}

/// <summary>What SQLite reports for the queue's connection: <c>wal</c> and 2 (FULL) when it is durable.</summary>
public sealed record QueueDurability(string JournalMode, int Synchronous)
{
    /// <summary>synchronous=FULL: every commit waits for the WAL to be on disk.</summary>
    public const int Full = 2;

    public bool IsDurable => string.Equals(JournalMode, "wal", StringComparison.OrdinalIgnoreCase) && Synchronous >= Full;
}
