using System.Collections.Concurrent;
using MynaEvents.Server.Hosting;
using Npgsql;

namespace MynaEvents.Server.Security.Authentication;

/// <summary>
/// The credentials this process has just found live, kept so that a device's next request does
/// not look its token up again (one statement and one round trip fewer on every command).
/// </summary>
/// <remarks>
/// Revocation still wins at once: the database announces every change to a credential, a person or a
/// device on <see cref="Channel"/> when it commits (migrations security/0004 and 0005), and
/// <see cref="CredentialChangeListener"/> drops everything kept when it hears one. Nothing is kept
/// while nobody listens (before the first LISTEN, after a lost connection), an entry is kept at
/// most <see cref="MaxAge"/> and never past its credential's expiry, and a lookup that started
/// before a change cannot put its now-stale answer back (<see cref="Generation"/>). The server's
/// own revocations also drop the cache before they answer, so the revoking process never lags
/// behind its own 204. Unknown and refused tokens are never kept.
/// </remarks>
internal sealed class KeptCredentials
{
    public const string Channel = "myna_credentials";

    /// <summary>The longest an entry is trusted, even if a change announcement were lost on the way.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(60);

    /// <summary>Beyond this many entries everything is dropped: a bound, not an eviction policy.</summary>
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private long _generation;
    private volatile bool _listening;

    /// <summary>Changes each time everything kept is dropped; read it before a lookup, hand it to <see cref="Keep"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Whether changes are being heard; nothing is kept otherwise.</summary>
    public bool Listening => _listening;

    public int Count => _entries.Count;

    public bool TryGet(string tokenHash, DateTimeOffset now, out Subject subject)
    {
        subject = null!;
        if (!_listening || !_entries.TryGetValue(tokenHash, out var entry)) return false;
        if (Environment.TickCount64 - entry.KeptAtMs > (long)MaxAge.TotalMilliseconds || entry.ExpiresAt is { } expires && expires <= now)
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(tokenHash, entry));
            return false;
        }
        subject = entry.Subject;
        return true;
    }

    /// <summary>Keeps a live credential found by a lookup that began at <paramref name="generation"/>, unless something changed since.</summary>
    public void Keep(string tokenHash, Subject subject, DateTimeOffset? expiresAt, long generation)
    {
        if (!_listening || generation != Generation) return;
        if (_entries.Count >= MaxEntries) _entries.Clear();
        _entries[tokenHash] = new Entry(subject, expiresAt, Environment.TickCount64);
        // A change that landed while this entry went in must not leave it behind.
        if (generation != Generation) _entries.TryRemove(tokenHash, out _);
    }

    /// <summary>Drops everything kept: a credential, person or device changed somewhere.</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    internal void ListeningChanged(bool listening)
    {
        _listening = listening;
        Invalidate();
    }

    private sealed record Entry(Subject Subject, DateTimeOffset? ExpiresAt, long KeptAtMs);
}

/// <summary>
/// Listens for the database's credential change announcements on a connection of its own (LISTEN
/// is session state, which the shared pool must not hold) and drops the cache on each one. When
/// the connection is lost the cache stops keeping anything until it listens again.
/// </summary>
internal sealed class CredentialChangeListener(KeptCredentials cache, ServerOptions options, ILogger<CredentialChangeListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(options.ConnectionString)
        {
            Pooling = false,
            // A silently dead connection would hear nothing: probe it, and give up on it quickly.
            KeepAlive = 10,
            ApplicationName = "myna-credential-listener",
        };
        var retry = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(settings.ConnectionString);
                connection.Notification += (_, _) => cache.Invalidate();
                await connection.OpenAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"listen {KeptCredentials.Channel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                cache.ListeningChanged(true);
                retry = TimeSpan.FromSeconds(1);
                while (!stoppingToken.IsCancellationRequested) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // any failure of the listening connection: stop keeping credentials, listen again
            catch (Exception e)
#pragma warning restore CA1031
            {
                if (cache.Listening) logger.LogWarning(e, "Lost the credential change announcements; every token is looked up until they are heard again");
                cache.ListeningChanged(false);
                try
                {
                    await Task.Delay(retry, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
        cache.ListeningChanged(false);
    }
}
