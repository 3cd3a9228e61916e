using System.Diagnostics;
using System.Runtime.CompilerServices;
using MynaEvents.EventStore.Appending;
using MynaEvents.EventStore.Projections;
using MynaEvents.EventStore.Reading;
using MynaEvents.EventStore.Serialization;
using MynaEvents.EventStore.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.EventStore;

/// <summary>
/// Appends events to streams and reads them back. Each stream belongs to a tenant (a
/// clinic group); each append is one round trip unless inline projections must run in
/// its transaction.
/// </summary>
public sealed class EventStore(
    NpgsqlDataSource dataSource,
    EventTypeRegistry types,
    InlineProjections inlineProjections,
    AppendNotifier notifier,
    TimeProvider time)
{
    private static readonly string ReadStreamSql = EventRowReader.WithColumns("ReadStream.sql");
    private static readonly string ReadAllSql = EventRowReader.WithColumns("ReadAll.sql");

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
        var append = Prepare(tenantId, streamId, expected, events, options ?? AppendOptions.None);

        using var activity = EventStoreTelemetry.Source.StartActivity("eventstore.append");
        activity?.SetTag("myna.tenant_id", tenantId);
        activity?.SetTag("myna.stream_id", streamId);
        activity?.SetTag("myna.event_count", events.Count);
        activity?.SetTag("myna.expected_version", expected.ToString());
        var started = Stopwatch.GetTimestamp();
        try
        {
            var concerned = InlineProjectionsFor(append);
            var outcome = concerned.Count == 0
                ? await AppendAloneAsync(append, cancellationToken)
                : await AppendWithInlineProjectionsAsync(append, concerned, cancellationToken);

            var result = new AppendResult(streamId, outcome.FromVersion, outcome.ToVersion,
                new Position(outcome.TransactionId, outcome.Sequences[0]),
                new Position(outcome.TransactionId, outcome.Sequences[^1]),
                outcome.Duplicate);

            activity?.SetTag("myna.duplicate", outcome.Duplicate);
            activity?.SetTag("myna.stream_version", outcome.ToVersion);
            if (outcome.Duplicate)
            {
                EventStoreTelemetry.DuplicateCommands.Add(1);
            }
            else
            {
                EventStoreTelemetry.Appends.Add(1);
                EventStoreTelemetry.EventsAppended.Add(events.Count);
                notifier.Signal();
            }
            return result;
        }
        catch (StreamVersionConflictException)
        {
            EventStoreTelemetry.Conflicts.Add(1);
            activity?.SetStatus(ActivityStatusCode.Error, "version conflict");
            throw;
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
        finally
        {
            EventStoreTelemetry.AppendDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    /// <summary>Reads a stream forward from a version (1 = the first event), optionally only up to a limit.</summary>
    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string tenantId, string streamId, long fromVersion = 1,
        StreamLimit? limit = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        limit ??= StreamLimit.Latest;
        await using var command = dataSource.CreateCommand(ReadStreamSql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = Math.Max(1, fromVersion) });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)limit.Version ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)limit.AsOf?.UtcDateTime ?? DBNull.Value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
            yield return EventRowReader.Read(reader, types);
    }

    /// <summary>
    /// Folds a stream into a state: the latest, as of a version, or as of a time (time travel).
    /// </summary>
    public async Task<StreamState<TState>> AggregateStreamAsync<TState>(string tenantId, string streamId,
        TState initial, Func<TState, RecordedEvent, TState> apply, StreamLimit? limit = null,
        CancellationToken cancellationToken = default)
    {
        var state = initial;
        long version = 0;
        await foreach (var recorded in ReadStreamAsync(tenantId, streamId, 1, limit, cancellationToken))
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
        await using var command = dataSource.CreateCommand(
            "select stream_id, from_version, to_version, tx_id, first_seq, last_seq from myna.commands where tenant_id = $1 and command_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        var tx = reader.GetFieldValue<ulong>(3);
        return new AppendResult(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2),
            new Position(tx, reader.GetInt64(4)), new Position(tx, reader.GetInt64(5)), Duplicate: true);
    }

    /// <summary>The stream's current version; 0 when it does not exist.</summary>
    public async Task<long> GetStreamVersionAsync(string tenantId, string streamId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "select version from myna.streams where tenant_id = $1 and stream_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = streamId });
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    /// <summary>
    /// Reads events of every stream after <paramref name="after"/>, in global order, up to
    /// the oldest transaction still running. An empty answer means "caught up for now".
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(Position after, int maxCount,
        CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAllAsync(connection, null, after, maxCount, types, cancellationToken);
    }

    internal static async Task<IReadOnlyList<RecordedEvent>> ReadAllAsync(NpgsqlConnection connection,
        NpgsqlTransaction? transaction, Position after, int maxCount, EventTypeRegistry types, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(ReadAllSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<ulong> { NpgsqlDbType = NpgsqlDbType.Xid8, TypedValue = after.TransactionId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Sequence });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = maxCount });
        var events = new List<RecordedEvent>(Math.Min(maxCount, 1024));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(EventRowReader.Read(reader, types));
        return events;
    }

    private PreparedAppend Prepare(string tenantId, string streamId, ExpectedVersion expected,
        IReadOnlyList<object> events, AppendOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tenantId);
        ArgumentException.ThrowIfNullOrWhiteSpace(streamId);
        if (events.Count == 0) throw new ArgumentException("An append needs at least one event.", nameof(events));

        var occurredAt = (options.OccurredAt ?? time.GetUtcNow()).UtcDateTime;
        var typeNames = new string[events.Count];
        var payloads = new string[events.Count];
        var occurred = new DateTime[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            typeNames[i] = types.NameOf(events[i].GetType());
            payloads[i] = types.Serialize(events[i]);
            occurred[i] = occurredAt;
        }
        return new PreparedAppend(tenantId, streamId, expected, events, typeNames, payloads, occurred, options);
    }

    private async Task<AppendOutcome> AppendAloneAsync(PreparedAppend append, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = AppendCommand.Create(append);
        command.Connection = connection;
        return await AppendCommand.ExecuteAsync(command, append, ct);
    }

    private List<IProjection> InlineProjectionsFor(PreparedAppend append) =>
        inlineProjections.All.Where(p => append.Types.Any(p.Concerns)).ToList();

    private async Task<AppendOutcome> AppendWithInlineProjectionsAsync(PreparedAppend append, IReadOnlyList<IProjection> projections, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = AppendCommand.Create(append);
        command.Connection = connection;
        command.Transaction = transaction;
        var outcome = await AppendCommand.ExecuteAsync(command, append, ct);
        if (!outcome.Duplicate)
        {
            var recorded = ToRecorded(append, outcome);
            var context = new ProjectionContext(connection, transaction);
            foreach (var projection in projections)
                await projection.ApplyAsync(recorded, context, ct);
        }
        await transaction.CommitAsync(ct);
        return outcome;
    }

    private static RecordedEvent[] ToRecorded(PreparedAppend append, AppendOutcome outcome)
    {
        var metadata = new EventMetadata(append.Options.CommandId, append.Options.CorrelationId,
            append.Options.CausationId, append.Options.DeviceId, append.Options.Actor,
            new DateTimeOffset(append.OccurredAt[0], TimeSpan.Zero));
        var recorded = new RecordedEvent[append.Events.Count];
        for (var i = 0; i < recorded.Length; i++)
            recorded[i] = new RecordedEvent(new Position(outcome.TransactionId, outcome.Sequences[i]),
                append.TenantId, append.StreamId, outcome.FromVersion + i + 1, append.Types[i],
                append.Events[i], metadata with { OccurredAt = new DateTimeOffset(append.OccurredAt[i], TimeSpan.Zero) }, outcome.RecordedAt);
        return recorded;
    }
}
