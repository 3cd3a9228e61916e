using Npgsql;

namespace MynaEvents.EventStore.Projections;

/// <summary>A projection's checkpoint as stored.</summary>
public sealed record ProjectionCheckpoint(
    string Name,
    Position Position,
    long EventsApplied,
    DateTimeOffset? RebuildRequestedAt,
    DateTimeOffset? RebuildStartedAt,
    DateTimeOffset UpdatedAt);

/// <summary>Operator actions on projections that work from any process: the leader carries them out.</summary>
public sealed class ProjectionAdmin(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Asks the projection's leader to empty the projection and replay it from position zero
    /// while appends go on. A second request with the same command id changes nothing (a resend
    /// must not restart a rebuild under way).
    /// </summary>
    public async Task<RebuildRequest> RequestRebuildAsync(string name, Guid commandId, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("""
            with target as (
                select rebuild_command_id is not distinct from $2 as repeated from myna.projection_checkpoints where name = $1
            ), requested as (
                update myna.projection_checkpoints set rebuild_requested_at = now(), rebuild_command_id = $2
                where name = $1 and not (select repeated from target)
                returning 1
            )
            select case when not exists (select from target) then 0 when (select repeated from target) then 1 else 2 end
            """);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = commandId });
        var outcome = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (outcome == 0) return RebuildRequest.UnknownProjection;
        if (outcome == 1) return RebuildRequest.Repeated;
        await using var notify = dataSource.CreateCommand($"select pg_notify('{AppendNotifier.Channel}', '')");
        await notify.ExecuteNonQueryAsync(cancellationToken);
        return RebuildRequest.Requested;
    }

    public async Task<IReadOnlyList<ProjectionCheckpoint>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "select name, tx_id, seq, events_applied, rebuild_requested_at, rebuild_started_at, updated_at " +
            "from myna.projection_checkpoints order by name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var checkpoints = new List<ProjectionCheckpoint>();
        while (await reader.ReadAsync(cancellationToken))
            checkpoints.Add(new ProjectionCheckpoint(
                reader.GetString(0),
                new Position(reader.GetFieldValue<ulong>(1), reader.GetInt64(2)),
                reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5),
                reader.GetFieldValue<DateTimeOffset>(6)));
        return checkpoints;
    }

    /// <summary>Events after a position in the whole log (for rebuild progress).</summary>
    public async Task<long> CountEventsAfterAsync(Position position, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "select count(*) from myna.events where (tx_id, seq) > ($1::xid8, $2)");
        command.Parameters.Add(new NpgsqlParameter<ulong> { NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Xid8, TypedValue = position.TransactionId });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = position.Sequence });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

/// <summary>How a rebuild request ended.</summary>
public enum RebuildRequest
{
    Requested,
    /// <summary>The same command asked before: nothing changed.</summary>
    Repeated,
    UnknownProjection,
}
