using Microsoft.Extensions.Logging;
using Npgsql;

namespace MynaEvents.EventStore;

/// <summary>Builds the pooled data source the store should run on.</summary>
public static class EventStoreDataSource
{
    /// <summary>
    /// A pooled data source whose connections are not reset when returned to the pool.
    /// Npgsql's default reset (DISCARD ALL) also discards the append function's cached
    /// plans, so every append would plan its statements again: measured, that halves append
    /// throughput. The store keeps no session state (its locks are transaction-scoped; the
    /// daemon's session locks live on unpooled connections), so nothing leaks between
    /// borrowers. Code sharing this pool must not rely on session state either (SET,
    /// temporary tables, LISTEN, session advisory locks).
    /// </summary>
    public static NpgsqlDataSource Create(string connectionString, string applicationName = "myna", ILoggerFactory? loggerFactory = null)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.ConnectionStringBuilder.NoResetOnClose = true;
        if (string.IsNullOrEmpty(builder.ConnectionStringBuilder.ApplicationName))
            builder.ConnectionStringBuilder.ApplicationName = applicationName;
        if (loggerFactory is not null) builder.UseLoggerFactory(loggerFactory);
        return builder.Build();
    }
}
