using System.Diagnostics;
using Microsoft.Extensions.Logging;
using MynaEvents.EventStore.Reading;
using MynaEvents.EventStore.Schema;
using MynaEvents.EventStore.Serialization;
using MynaEvents.EventStore.Telemetry;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.EventStore.Projections;

/// <summary>
/// Runs one async projection in this process: competes for its leadership, and while
/// leading applies events in batches, each batch and its checkpoint in one transaction.
/// </summary>
internal sealed class ProjectionRunner(
    IProjection projection,
    NpgsqlDataSource sessions,
    EventTypeRegistry types,
    ProjectionDaemonOptions options,
    ILogger logger) : IDisposable
{
    /// <summary>Advisory lock class for projection leadership (two-int form; the id is the checkpoint row's lock_id).</summary>
    private const int LeadershipLockClass = 1297698307;

    private static readonly string ReadEventsSql = EventRowReader.WithColumns("ReadAll.sql");

    private readonly WakeSignal _wake = new();
    private long _lastLagProbe;

    public ProjectionStatus Status { get; } = new(projection.Name);

    public void Wake() => _wake.Set();

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var session = await sessions.OpenConnectionAsync(stoppingToken);
                var (lockId, position) = await RegisterAsync(session, stoppingToken);
                if (!await TryLeadAsync(session, lockId, stoppingToken))
                {
                    await session.DisposeAsync(); // a follower holds no connection while it waits
                    await Task.Delay(options.LeaderRetryInterval, stoppingToken);
                    continue;
                }

                Status.IsLeading = true;
                Status.Position = position;
                logger.LogInformation("Leading projection {Projection} from {Position}", projection.Name, position);
                await LeadAsync(session, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // a runner must survive any failure: it steps down and competes again
            catch (Exception exception)
#pragma warning restore CA1031
            {
                Status.LastError = DateTimeOffset.UtcNow;
                logger.LogWarning(exception, "Projection {Projection} stopped leading after an error; it will compete again", projection.Name);
                await Task.Delay(options.LeaderRetryInterval, CancellationToken.None);
            }
            finally
            {
                Status.IsLeading = false;
                Status.LagEvents = 0;
                Status.LagSeconds = 0;
            }
        }
    }

    private async Task LeadAsync(NpgsqlConnection session, CancellationToken stoppingToken)
    {
        await using var readAhead = new BatchReadAhead(sessions, ReadEventsSql, types, options.BatchSize);
        while (!stoppingToken.IsCancellationRequested)
        {
            var applied = await RunBatchAsync(session, stoppingToken, readAhead);
            await MeasureLagIfDueAsync(session, stoppingToken);
            if (applied == 0)
                await _wake.WaitAsync(options.PollInterval, stoppingToken);
        }
    }

    /// <summary>Applies one batch; returns how many events it applied (0 when caught up, -1 after a reset).</summary>
    internal async Task<int> RunBatchAsync(NpgsqlConnection session, CancellationToken ct, BatchReadAhead? readAhead = null)
    {
        using var activity = EventStoreTelemetry.Source.StartActivity("projection.batch");
        activity?.SetTag("myna.projection", projection.Name);

        var readEarlier = readAhead is null ? null : await readAhead.TakeAsync(Status.Position);
        await using var transaction = await session.BeginTransactionAsync(ct);
        var (stored, rebuildRequested, events) = await ReadBatchAsync(session, transaction, readEvents: readEarlier is null, ct);
        events = readEarlier ?? events;
        var context = new ProjectionContext(session, transaction);

        if (rebuildRequested)
        {
            await projection.ResetAsync(context, ct);
            await ExecuteAsync(session, transaction, "ResetCheckpoint.sql", ct, Text(projection.Name));
            await transaction.CommitAsync(ct);
            Status.Position = Position.Start;
            logger.LogInformation("Projection {Projection} reset; rebuilding from the start", projection.Name);
            return -1;
        }
        if (stored != Status.Position)
        {
            // Someone else moved the checkpoint (a rebuild finished its reset elsewhere): follow the database.
            await transaction.RollbackAsync(ct);
            Status.Position = stored;
            return -1;
        }
        if (events.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            activity?.SetTag("myna.event_count", 0);
            return 0;
        }

        var next = events[^1].Position;
        // A full batch means catching up: read the next one while this one is applied.
        if (events.Count == options.BatchSize) readAhead?.Start(next, ct);
        await projection.ApplyAsync(events, context, ct);
        var moved = await ExecuteAsync(session, transaction, "SaveCheckpoint.sql", ct,
            Text(projection.Name), Xid(next.TransactionId), Int64(next.Sequence), Int64(events.Count),
            Xid(stored.TransactionId), Int64(stored.Sequence));
        if (moved != 1)
        {
            await transaction.RollbackAsync(ct);
            return -1;
        }
        await transaction.CommitAsync(ct);

        Status.Position = next;
        Status.EventsAppliedByThisProcess += events.Count;
        EventStoreTelemetry.ProjectionEvents.Add(events.Count, new KeyValuePair<string, object?>("projection", projection.Name));
        activity?.SetTag("myna.event_count", events.Count);
        return events.Count;
    }

    private async Task<(Position Stored, bool RebuildRequested, List<RecordedEvent> Events)> ReadBatchAsync(
        NpgsqlConnection session, NpgsqlTransaction transaction, bool readEvents, CancellationToken ct)
    {
        // One round trip: the checkpoint as stored, and the events after the position this leader holds
        // (unless they were read ahead).
        await using var batch = new NpgsqlBatch(session, transaction);
        var checkpoint = new NpgsqlBatchCommand(SqlResources.Get("ReadCheckpoint.sql"));
        checkpoint.Parameters.Add(Text(projection.Name));
        batch.BatchCommands.Add(checkpoint);
        if (readEvents)
        {
            var read = new NpgsqlBatchCommand(ReadEventsSql);
            read.Parameters.Add(Xid(Status.Position.TransactionId));
            read.Parameters.Add(Int64(Status.Position.Sequence));
            read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.BatchSize });
            batch.BatchCommands.Add(read);
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
            throw new InvalidOperationException($"The checkpoint of projection '{projection.Name}' disappeared.");
        var stored = new Position(reader.GetFieldValue<ulong>(0), reader.GetInt64(1));
        var rebuildRequested = reader.GetBoolean(2);
        var events = new List<RecordedEvent>();
        if (!readEvents) return (stored, rebuildRequested, events);
        await reader.NextResultAsync(ct);
        while (await reader.ReadAsync(ct)) events.Add(EventRowReader.Read(reader, types));
        return (stored, rebuildRequested, events);
    }

    private async Task MeasureLagIfDueAsync(NpgsqlConnection session, CancellationToken ct)
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(_lastLagProbe, now) < options.LagProbeInterval) return;
        _lastLagProbe = now;
        await using var command = new NpgsqlCommand(SqlResources.Get("MeasureLag.sql"), session);
        command.Parameters.Add(Xid(Status.Position.TransactionId));
        command.Parameters.Add(Int64(Status.Position.Sequence));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        Status.LagEvents = reader.GetInt64(0);
        Status.LagSeconds = reader.GetDouble(1);
    }

    private async Task<(int LockId, Position Position)> RegisterAsync(NpgsqlConnection session, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(SqlResources.Get("RegisterProjection.sql"), session);
        command.Parameters.Add(Text(projection.Name));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt32(0), new Position(reader.GetFieldValue<ulong>(1), reader.GetInt64(2)));
    }

    private static async Task<bool> TryLeadAsync(NpgsqlConnection session, int lockId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"select pg_try_advisory_lock({LeadershipLockClass}, $1)", session);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = lockId });
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection session, NpgsqlTransaction transaction,
        string sqlFile, CancellationToken ct, params NpgsqlParameter[] parameters)
    {
        await using var command = new NpgsqlCommand(SqlResources.Get(sqlFile), session, transaction);
        command.Parameters.AddRange(parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    private static NpgsqlParameter<string> Text(string value) => new() { TypedValue = value };
    private static NpgsqlParameter<long> Int64(long value) => new() { TypedValue = value };
    private static NpgsqlParameter<ulong> Xid(ulong value) => new() { NpgsqlDbType = NpgsqlDbType.Xid8, TypedValue = value };

    public void Dispose() => _wake.Dispose();
}
