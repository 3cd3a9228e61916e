using Npgsql;

namespace MynaEvents.Bench.EndToEnd;

/// <summary>One reading of PostgreSQL's own counters for the benchmark's database, and the cluster's CPU time.</summary>
internal sealed record PostgresReading(long Transactions, long Statements, IReadOnlyDictionary<long, (string Query, long Calls)> ByStatement, double CpuMs);

/// <summary>
/// Reads what the database did, from PostgreSQL itself, so the figures hold whatever client code
/// issued the work: transactions from pg_stat_database (xact_commit + xact_rollback), statements
/// from pg_stat_statements (top-level statements; transaction control — BEGIN, COMMIT, ROLLBACK —
/// is counted as transactions, not as statements) when the cluster preloads it, and CPU from /proc for every process of the cluster.
/// The readings run in the "postgres" database, so they never count themselves.
/// </summary>
internal sealed class PostgresCounters : IAsyncDisposable
{
    private readonly NpgsqlDataSource _admin;
    private readonly string _database;
    private readonly int _postmasterPid;

    private PostgresCounters(NpgsqlDataSource admin, string database, int postmasterPid, bool statementsTracked)
    {
        _admin = admin;
        _database = database;
        _postmasterPid = postmasterPid;
        StatementsTracked = statementsTracked;
    }

    /// <summary>Whether pg_stat_statements is loaded; without it statements per command are not reported.</summary>
    public bool StatementsTracked { get; }

    public static async Task<PostgresCounters> OpenAsync(string connectionString, string database, CancellationToken ct)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = "postgres", ApplicationName = "myna-bench-counters", MaxPoolSize = 2 };
        var admin = NpgsqlDataSource.Create(builder.ConnectionString);
        try
        {
            var backend = await ScalarAsync<int>(admin, "select pg_backend_pid()", ct);
            var preloaded = await ScalarAsync<bool>(admin, "select current_setting('shared_preload_libraries') ~ 'pg_stat_statements'", ct);
            if (preloaded)
            {
                await ExecuteAsync(admin, "create extension if not exists pg_stat_statements", ct);
                // infra/bench.sh preloads it with tracking off, so the other benchmarks do not pay for it.
                await ExecuteAsync(admin, "alter system set pg_stat_statements.track = 'top'", ct);
                await ExecuteAsync(admin, "select pg_reload_conf()", ct);
            }
            return new PostgresCounters(admin, database, ProcessCpu.ParentOf(backend), preloaded);
        }
        catch
        {
            await admin.DisposeAsync();
            throw;
        }
    }

    public async Task<PostgresReading> ReadAsync(CancellationToken ct)
    {
        var cpu = ProcessCpu.OfCluster(_postmasterPid);
        await using var transactions = _admin.CreateCommand(
            "select xact_commit + xact_rollback from pg_stat_database where datname = $1");
        transactions.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _database });
        var xacts = (long)(await transactions.ExecuteScalarAsync(ct))!;

        var byStatement = new Dictionary<long, (string, long)>();
        if (StatementsTracked)
        {
            await using var statements = _admin.CreateCommand("""
                select queryid, query, calls from pg_stat_statements s join pg_database d on d.oid = s.dbid
                 where d.datname = $1 and s.toplevel and s.queryid is not null
                """);
            statements.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _database });
            await using var reader = await statements.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) byStatement[reader.GetInt64(0)] = (reader.GetString(1), reader.GetInt64(2));
        }
        var work = byStatement.Values.Where(s => !IsTransactionControl(s.Item1)).Sum(s => s.Item2);
        return new PostgresReading(xacts, work, byStatement, cpu);
    }

    /// <summary>The statements the window ran, most called first: (calls, query).</summary>
    public static IReadOnlyList<(long Calls, string Query)> Delta(PostgresReading before, PostgresReading after) =>
        after.ByStatement
            .Select(s => (Calls: s.Value.Calls - (before.ByStatement.TryGetValue(s.Key, out var b) ? b.Calls : 0), s.Value.Query))
            .Where(s => s.Calls > 0)
            .OrderByDescending(s => s.Calls)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        if (StatementsTracked)
        {
            await ExecuteAsync(_admin, "alter system set pg_stat_statements.track = 'none'", CancellationToken.None);
            await ExecuteAsync(_admin, "select pg_reload_conf()", CancellationToken.None);
        }
        await _admin.DisposeAsync();
    }

    private static async Task ExecuteAsync(NpgsqlDataSource source, string sql, CancellationToken ct)
    {
        await using var command = source.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource source, string sql, CancellationToken ct)
    {
        await using var command = source.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }

    private static bool IsTransactionControl(string query) =>
        System.Text.RegularExpressions.Regex.IsMatch(query, @"^\s*(BEGIN|COMMIT|ROLLBACK|START\s+TRANSACTION|END)\b",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase);
}
