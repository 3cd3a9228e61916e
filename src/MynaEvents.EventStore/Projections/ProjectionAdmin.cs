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
    /// while appends go on. Returns false when no projection of that name has ever run.
    /// </summary>
    public async Task<bool> RequestRebuildAsync(string name, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "update myna.projection_checkpoints set rebuild_requested_at = now() where name = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = name });
        var found = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (found)
        {
            await using var notify = dataSource.CreateCommand($"select pg_notify('{AppendNotifier.Channel}', '')");
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
        return found;
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
