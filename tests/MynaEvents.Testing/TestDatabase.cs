using Npgsql;
using Xunit;

namespace MynaEvents.Testing;

/// <summary>
/// A database of its own on the test cluster that <c>make test</c> starts (MYNA_TEST_DB),
/// created for one test class and dropped after it. Tests never share rows.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public const string Variable = "MYNA_TEST_DB";

    private NpgsqlDataSource? _dataSource;

    public string Name { get; } = "test_" + Guid.NewGuid().ToString("N")[..16];

    public string ConnectionString { get; private set; } = "";

    public NpgsqlDataSource DataSource => _dataSource ?? throw new InvalidOperationException("The database is not created yet.");

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{Variable} is not set. Run the tests with `make test`, which starts a private PostgreSQL and sets it, " +
                $"or set {Variable} to a connection string of a PostgreSQL superuser.");

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database {Name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = Name, MaxPoolSize = 100 }.ConnectionString;
        // The server migrates its schema (ours and Marten's) when it starts.
        _dataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        if (_dataSource is not null) await _dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists {Name} with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>Waits for something that must happen, failing with a clear message if it never does.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, string what, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await condition()) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Never happened: {what}");
            await Task.Delay(20);
        }
    }

    public static Task TrueAsync(Func<bool> condition, string what, TimeSpan? within = null) =>
        TrueAsync(() => Task.FromResult(condition()), what, within);
}
