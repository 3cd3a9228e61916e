using Npgsql;

namespace MynaEvents.Server.Storage.Projections;

/// <summary>A projection's progress as stored by Marten, with the rebuild asked of it.</summary>
/// <param name="Position">The last event sequence the projection has applied.</param>
public sealed record ProjectionCheckpoint(
    string Name,
    long Position,
    DateTimeOffset? RebuildRequestedAt,
    DateTimeOffset? RebuildStartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? RebuildFinishedAt = null);

/// <summary>Events a projection has seen (at or before its position) and those still ahead of it.</summary>
public sealed record LogProgress(long Applied, long Remaining, DateTimeOffset? OldestRemaining);

/// <summary>How a rebuild request ended.</summary>
public enum RebuildRequest
{
    Requested,
    /// <summary>The same command asked before: nothing changed.</summary>
    Repeated,
    UnknownProjection,
}

/// <summary>
/// Operator actions on async projections that work from any process: a request is stored, and
/// whichever process runs the projection carries it out (<see cref="RebuildRequests"/>).
/// </summary>
public sealed class ProjectionAdmin(NpgsqlDataSource dataSource, IEnumerable<AsyncViewProjection> projections)
{
    private readonly HashSet<string> _configured = [.. projections.Select(p => p.Projection.Name)];

    /// <summary>
    /// The async projections of this build, those Marten has progress of and those a rebuild was
    /// asked for (a server with more projections may run against the same database; Marten resets
    /// a projection's progress row while it rebuilds it).
    /// </summary>
    public async Task<IReadOnlyList<string>> NamesAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select split_part(name, ':', 1) from {StorageRegistration.MartenSchema}.mt_event_progression where name like '%:All'
            union select name from myna.projection_rebuilds
            union select unnest($1::text[]) order by 1
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. _configured] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
        return names;
    }

    /// <summary>Marten's name for the projection's only shard.</summary>
    public static string ShardOf(string name) => name + ":All";

    /// <summary>
    /// Asks for the projection to be emptied and replayed from the first event while appends go
    /// on. A second request with the same command id changes nothing (a resend must not restart a
    /// rebuild under way).
    /// </summary>
    public async Task<RebuildRequest> RequestRebuildAsync(string name, Guid commandId, CancellationToken cancellationToken = default)
    {
        if (!(await NamesAsync(cancellationToken)).Contains(name, StringComparer.Ordinal)) return RebuildRequest.UnknownProjection;
        await using var command = dataSource.CreateCommand("""
            insert into myna.projection_rebuilds as r (name, command_id) values ($1, $2)
            on conflict (name) do update set command_id = excluded.command_id, requested_at = now(), started_at = null, finished_at = null
             where r.command_id <> excluded.command_id
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 0 ? RebuildRequest.Repeated : RebuildRequest.Requested;
    }

    /// <summary>Every async projection of this build, with where Marten has it (position 0: not started yet).</summary>
    public async Task<IReadOnlyList<ProjectionCheckpoint>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select n.name, coalesce(p.last_seq_id, 0), case when r.started_at is null then r.requested_at end, r.started_at,
                   coalesce(p.last_updated, r.requested_at, now()), r.finished_at
              from unnest($1::text[]) as n(name)
              left join {StorageRegistration.MartenSchema}.mt_event_progression p on p.name = n.name || ':All'
              left join myna.projection_rebuilds r on r.name = n.name
             order by n.name
            """);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. await NamesAsync(cancellationToken)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checkpoints = new List<ProjectionCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
            checkpoints.Add(new ProjectionCheckpoint(
                reader.GetString(0),
                reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        return checkpoints;
    }

    /// <summary>
    /// A projection's place in the whole log, in one read: the events at or before its position,
    /// those after it, and when the oldest of those was recorded (for rebuild progress and lag).
    /// </summary>
    public async Task<LogProgress> ProgressAsync(long position, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand($"""
            select count(*) filter (where seq_id <= $1), count(*) filter (where seq_id > $1), min(timestamp) filter (where seq_id > $1)
              from {StorageRegistration.MartenSchema}.mt_events
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new LogProgress(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2));
    }

    /// <summary>Takes a pending request for this process (null when there is none or another took it).</summary>
    internal async Task<Guid?> ClaimAsync(string name, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "update myna.projection_rebuilds set started_at = now() where name = $1 and started_at is null returning command_id");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        return await command.ExecuteScalarAsync(cancellationToken) is Guid id ? id : null;
    }

    internal async Task FinishAsync(string name, Guid commandId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "update myna.projection_rebuilds set finished_at = now() where name = $1 and command_id = $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal async Task<IReadOnlyList<string>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("select name from myna.projection_rebuilds where started_at is null");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var names = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) names.Add(reader.GetString(0));
        return names;
    }
}
