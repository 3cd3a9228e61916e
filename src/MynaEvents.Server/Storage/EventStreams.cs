using System.Globalization;
using System.Text.Json;
using JasperFx.Events;
using Marten;
using Npgsql;

namespace MynaEvents.Server.Storage;

/// <summary>
/// The product's streams on Marten's event store: a stream belongs to a tenant (a clinic
/// group, Marten's conjoined tenancy) and is keyed by a string. On top of Marten we keep the
/// command id: an append that carries one records it in the same transaction, and a resend of
/// it returns the first result and writes nothing — with no time window.
/// </summary>
public sealed class EventStreams(IDocumentStore store, NpgsqlDataSource dataSource, EventTypeRegistry types, TimeProvider time)
{
    public EventTypeRegistry Types => types;

    public Task<AppendResult> AppendAsync(string tenantId, string streamId, ExpectedVersion expected,
        object @event, AppendOptions? options = null, CancellationToken cancellationToken = default) =>
        AppendAsync(tenantId, streamId, expected, [@event], options, cancellationToken);

    /// <summary>
    /// Appends events to one stream atomically. Throws <see cref="StreamVersionConflictException"/>
    /// when the stream is not at <paramref name="expected"/>; with a command id already seen,
    /// returns the first result and writes nothing.
    /// </summary>
    public async Task<AppendResult> AppendAsync(string tenantId, string streamId, ExpectedVersion expected,
        IReadOnlyList<object> events, AppendOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        if (events.Count == 0) throw new ArgumentException("An append needs at least one event.", nameof(events));
        foreach (var e in events) types.NameOf(e.GetType()); // unknown types are refused before anything is sent
        options ??= AppendOptions.None;

        // A command id needs the versions it wrote: "any" becomes the version read just before,
        // retried if another writer slipped in between (any version was acceptable anyway).
        for (var attempt = 0; ; attempt++)
        {
            var target = expected;
            if (expected.Value is null && options.CommandId is not null)
                target = ExpectedVersion.Exactly(await GetStreamVersionAsync(tenantId, streamId, cancellationToken));
            try
            {
                return await WriteAsync(tenantId, streamId, target, events, options, cancellationToken);
            }
            catch (StreamVersionConflictException) when (expected.Value is null && options.CommandId is not null && attempt < 5)
            {
            }
        }
    }

    private async Task<AppendResult> WriteAsync(string tenantId, string streamId, ExpectedVersion expected,
        IReadOnlyList<object> events, AppendOptions options, CancellationToken cancellationToken)
    {
        await using var session = store.LightweightSession(tenantId);
        EventHeaders.Write(session, options, time.GetUtcNow());
        var data = events as object[] ?? [.. events];
        var action = expected.Value switch
        {
            null => session.Events.Append(streamId, data),
            // A new stream through the same one-statement append (expected version 0), not a separate insert.
            0 => session.Events.Append(streamId, (long)data.Length, data),
            var v => session.Events.Append(streamId, v.Value + data.Length, data),
        };
        if (options.CommandId is { } commandId && expected.Value is { } from)
            QueueCommandRow(session, tenantId, commandId, streamId, from, from + data.Length);
        if (await CommitAsync(session, tenantId, streamId, expected, options.CommandId, cancellationToken) is { } earlier) return earlier;
        var written = action.Events;
        var toVersion = written[^1].Version;
        return new AppendResult(streamId, toVersion - written.Count, toVersion, written[0].Sequence, written[^1].Sequence, Duplicate: false);
    }

    /// <summary>
    /// Commits a session holding one command's events (and its row, <see cref="QueueCommandRow"/>).
    /// Returns null when they are stored; when the command id met an earlier send of the same command
    /// on this stream, what that send wrote (nothing was written now). Throws
    /// <see cref="CommandIdReusedException"/> for a command id of another stream and
    /// <see cref="StreamVersionConflictException"/> when another writer moved the stream first.
    /// A refused session is emptied, so that nobody commits its refused work again.
    /// </summary>
    public async Task<AppendResult?> CommitAsync(IDocumentSession session, string tenantId, string streamId, ExpectedVersion expected,
        Guid? commandId, CancellationToken cancellationToken)
    {
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (Exception exception) when (IsRefusal(exception))
        {
            session.EjectAllPendingChanges();
            if (commandId is { } id && await FindCommandAsync(tenantId, id, cancellationToken) is { } earlier)
            {
                if (earlier.StreamId != streamId) throw new CommandIdReusedException(id, streamId, earlier.StreamId);
                StorageTelemetry.DuplicateCommands.Add(1);
                return earlier;
            }
            StorageTelemetry.Conflicts.Add(1);
            throw new StreamVersionConflictException(tenantId, streamId, expected, await GetStreamVersionAsync(tenantId, streamId, cancellationToken));
        }
    }

    /// <summary>
    /// Queues a command's row (<c>myna.commands</c>) in the session's unit of work, so that it commits
    /// with the command's events or not at all; its key refuses the same command id for another stream.
    /// </summary>
    internal static void QueueCommandRow(IDocumentSession session, string tenantId, Guid commandId, string streamId, long fromVersion, long toVersion) =>
        session.QueueSqlCommand(
            "insert into myna.commands (tenant_id, command_id, stream_id, from_version, to_version) values (?, ?, ?, ?, ?)",
            tenantId, commandId, streamId, fromVersion, toVersion);

    /// <summary>A version check Marten refused, or the command id met its first send (both leave nothing written).</summary>
    internal static bool IsRefusal(Exception exception) => exception switch
    {
        JasperFx.ConcurrencyException or Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException => true,
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "commands_pkey" or "pk_mt_events_stream_and_version" or "pkey_mt_streams_tenant_id_id" } => true,
        { InnerException: { } inner } => IsRefusal(inner),
        _ => false,
    };

    /// <summary>Reads a stream forward from a version (1 = the first event), optionally only up to a limit.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> FetchAsync(string tenantId, string streamId, long fromVersion = 1,
        StreamLimit? limit = null, CancellationToken cancellationToken = default)
    {
        limit ??= StreamLimit.Latest;
        await using var session = store.QuerySession(tenantId);
        var events = await session.Events.FetchStreamAsync(streamId, limit.Version ?? 0, limit.AsOf, Math.Max(1, fromVersion), cancellationToken);
        var recorded = new RecordedEvent[events.Count];
        for (var i = 0; i < recorded.Length; i++) recorded[i] = Recorded(events[i]);
        return recorded;
    }

    /// <summary>Folds a stream into a state: the latest, as of a version, or as of a time (time travel).</summary>
    public async Task<StreamState<TState>> AggregateStreamAsync<TState>(string tenantId, string streamId,
        TState initial, Func<TState, RecordedEvent, TState> apply, StreamLimit? limit = null,
        CancellationToken cancellationToken = default)
    {
        var state = initial;
        long version = 0;
        foreach (var recorded in await FetchAsync(tenantId, streamId, 1, limit, cancellationToken))
        {
            state = apply(state, recorded);
            version = recorded.Version;
        }
        return new StreamState<TState>(state, version);
    }

    /// <summary>
    /// What an earlier send of this command wrote, or null if it was never written. Lets a
    /// handler answer a resend without repeating side effects (such as an upstream call).
    /// </summary>
    public async Task<AppendResult?> FindCommandAsync(string tenantId, Guid commandId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select c.stream_id, c.from_version, c.to_version, min(e.seq_id), max(e.seq_id)
              from myna.commands c
              join {StorageRegistration.MartenSchema}.mt_events e
                on e.tenant_id = c.tenant_id and e.stream_id = c.stream_id and e.version > c.from_version and e.version <= c.to_version
             where c.tenant_id = $1 and c.command_id = $2
             group by c.stream_id, c.from_version, c.to_version
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return new AppendResult(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), Duplicate: true);
    }

    /// <summary>The stream's current version; 0 when it does not exist.</summary>
    public async Task<long> GetStreamVersionAsync(string tenantId, string streamId, CancellationToken cancellationToken = default)
    {
        await using var session = store.QuerySession(tenantId);
        return (await session.Events.FetchStreamStateAsync(streamId, cancellationToken))?.Version ?? 0;
    }

    public static RecordedEvent Recorded(IEvent e) => new(e.Sequence, e.TenantId, e.StreamKey!, e.Version, e.EventTypeName, e.Data,
        EventHeaders.Read(e), e.Timestamp);
}

/// <summary>Our metadata in Marten's event headers: the command id, the device, the actor and when it happened.</summary>
internal static class EventHeaders
{
    private const string CommandId = "command_id";
    private const string DeviceId = "device_id";
    private const string Actor = "actor";
    private const string OccurredAt = "occurred_at";

    public static void Write(IDocumentSession session, AppendOptions options, DateTimeOffset now)
    {
        if (options.CorrelationId is { } correlation) session.CorrelationId = correlation;
        if (options.CausationId is { } causation) session.CausationId = causation;
        if (options.CommandId is { } commandId) session.SetHeader(CommandId, commandId.ToString("D"));
        if (options.DeviceId is { } device) session.SetHeader(DeviceId, device);
        if (options.Actor is { } actor) session.SetHeader(Actor, actor);
        session.SetHeader(OccurredAt, (options.OccurredAt ?? now).ToString("O", CultureInfo.InvariantCulture));
    }

    public static EventMetadata Read(IEvent e)
    {
        var headers = e.Headers;
        return new EventMetadata(
            Text(headers, CommandId) is { } id ? Guid.Parse(id) : null,
            e.CorrelationId,
            e.CausationId,
            Text(headers, DeviceId),
            Text(headers, Actor),
            Text(headers, OccurredAt) is { } at ? DateTimeOffset.Parse(at, CultureInfo.InvariantCulture) : e.Timestamp);
    }

    private static string? Text(Dictionary<string, object>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value) ? value switch
        {
            string text => text,
            JsonElement { ValueKind: JsonValueKind.String } element => element.GetString(),
            null => null,
            var other => other.ToString(),
        } : null;
}
