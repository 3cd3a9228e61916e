using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace MynaEvents.EventStore.Projections;

/// <summary>
/// Tells projection daemons that events were appended: at once to those in this process,
/// and through PostgreSQL NOTIFY to those in other processes.
/// </summary>
/// <remarks>
/// NOTIFY is not sent inside the append's transaction: PostgreSQL serialises the commits of
/// all transactions that notify, which would cost the store its group commit under load.
/// Instead one NOTIFY goes out after the commit, coalesced over a few milliseconds; a
/// daemon that misses one still polls.
/// </remarks>
public sealed class AppendNotifier(NpgsqlDataSource dataSource, ILogger<AppendNotifier>? logger = null)
{
    public const string Channel = "myna_events";

    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(5);
    private readonly ILogger _logger = logger ?? NullLogger<AppendNotifier>.Instance;
    private int _pending;

    /// <summary>Raised in this process after every append that wrote events.</summary>
    public event Action? Appended;

    public void Signal()
    {
        Appended?.Invoke();
        if (Interlocked.Exchange(ref _pending, 1) == 0) _ = NotifyAsync();
    }

    private async Task NotifyAsync()
    {
        try
        {
            await Task.Delay(Coalesce).ConfigureAwait(false);
            Volatile.Write(ref _pending, 0);
            await using var command = dataSource.CreateCommand($"select pg_notify('{Channel}', '')");
            await command.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // a lost wake-up only delays projections until their next poll
        catch (Exception exception)
#pragma warning restore CA1031
        {
            Volatile.Write(ref _pending, 0);
            _logger.LogDebug(exception, "Could not notify other processes of an append; their daemons will poll");
        }
    }
}
