namespace MynaEvents.Server.Hosting;

/// <summary>The server's settings, read from configuration (environment variables included).</summary>
public sealed record ServerOptions
{
    /// <summary>Environment variable holding the PostgreSQL connection string.</summary>
    public const string DatabaseVariable = "MYNA_DB";

    public required string ConnectionString { get; init; }

    /// <summary>Largest request body accepted, in bytes (MYNA_MAX_BODY_BYTES). Edge commands are a few KiB.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long a starting server waits for PostgreSQL before giving up (MYNA_DB_WAIT_SECONDS).</summary>
    public TimeSpan DatabaseWait { get; init; } = TimeSpan.FromSeconds(60);

    public static ServerOptions From(IConfiguration configuration)
    {
        var connectionString = configuration[DatabaseVariable];
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException(
                $"{DatabaseVariable} is not set. Set it to a PostgreSQL connection string " +
                "(Host=...;Username=...;Database=...), or start the server with `make run`, which starts a private PostgreSQL.");
        var options = new ServerOptions { ConnectionString = connectionString };
        if (long.TryParse(configuration["MYNA_MAX_BODY_BYTES"], out var maxBody) && maxBody > 0)
            options = options with { MaxRequestBodyBytes = maxBody };
        if (int.TryParse(configuration["MYNA_DB_WAIT_SECONDS"], out var wait) && wait >= 0)
            options = options with { DatabaseWait = TimeSpan.FromSeconds(wait) };
        return options;
    }
}
