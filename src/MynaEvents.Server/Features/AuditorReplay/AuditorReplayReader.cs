using System.Collections.Immutable;
using MynaEvents.Server.Storage;
using MynaEvents.Server.Features.Verification;
using MynaEvents.Domain.Verification;
using MynaEvents.Server.Privacy;
using Npgsql;
using NpgsqlTypes;

namespace MynaEvents.Server.Features.AuditorReplay;

/// <summary>
/// Replays a facility's checks from the event log. The facility view
/// (<c>myna.facility_checks</c>) is used only to learn WHICH checks belong to the facility (its
/// own and those shared with it by a co-location in force when they started); everything shown
/// is folded from the checks' own streams. Personal fields are unsealed by the current clock, so
/// they appear only while still retained (翌月末), whatever instant is replayed.
/// </summary>
internal sealed class AuditorReplayReader(NpgsqlDataSource dataSource, EventStreams store, PersonalDataProtector protector)
{
    public const int MaxChecks = 500;

    // The view's recorded_at is the recorded_at of the check's first event.
    private const string StartedBetweenSql = """
        select verification_id, shared from myna.facility_checks
         where tenant_id = $1 and viewer_facility_id = $2 and recorded_at >= $3 and recorded_at < $4
         order by recorded_at, verification_id
         limit $5
        """;

    // What the facility's view held at that instant: started by then and not yet past its 翌月末.
    private const string StartedBySql = """
        select verification_id, shared from myna.facility_checks
         where tenant_id = $1 and viewer_facility_id = $2 and recorded_at <= $3 and retention_deadline > $4
         order by recorded_at desc, verification_id
         limit $5
        """;

    private sealed record Replay(VerificationReadModel Model, ImmutableList<RecordedEvent> Events)
    {
        public static Replay Empty { get; } = new(new VerificationReadModel(), []);

        public Replay Apply(RecordedEvent recorded) => new(Model.Apply(recorded), Events.Add(recorded));
    }

    public async Task<(IReadOnlyList<ReplayedCheck> Checks, bool Truncated)> HistoryAsync(string tenantId, string facilityId,
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        var (ids, truncated) = await ChecksAsync(StartedBetweenSql, tenantId, facilityId, from, to, ct);
        var replays = new List<(string Id, bool Shared, Replay Replay)>(ids.Count);
        foreach (var (id, shared) in ids)
        {
            var replay = await FoldAsync(tenantId, id, StreamLimit.Latest, ct);
            // The log decides: the check's first event must itself have been recorded in the range.
            if (replay.Events is [var first, ..] && first.RecordedAt >= from && first.RecordedAt < to) replays.Add((id, shared, replay));
        }
        return (await RespondAsync(tenantId, replays, ct), truncated);
    }

    public async Task<(IReadOnlyList<ReplayedCheck> Checks, bool Truncated)> AsOfAsync(string tenantId, string facilityId, DateTimeOffset at, CancellationToken ct)
    {
        var (ids, truncated) = await ChecksAsync(StartedBySql, tenantId, facilityId, at, at, ct);
        var replays = new List<(string Id, bool Shared, Replay Replay)>(ids.Count);
        foreach (var (id, shared) in ids)
        {
            var replay = await FoldAsync(tenantId, id, StreamLimit.AsOfTime(at), ct);
            if (replay.Events.Count > 0) replays.Add((id, shared, replay)); // not started by then: not in the picture
        }
        return (await RespondAsync(tenantId, replays, ct), truncated);
    }

    private async Task<Replay> FoldAsync(string tenantId, string verificationId, StreamLimit limit, CancellationToken ct) =>
        (await store.AggregateStreamAsync(tenantId, VerificationCommands.StreamOf(verificationId), Replay.Empty, (r, e) => r.Apply(e), limit, ct)).State;

    private async Task<IReadOnlyList<ReplayedCheck>> RespondAsync(string tenantId, List<(string Id, bool Shared, Replay Replay)> replays, CancellationToken ct)
    {
        var sealedData = new Dictionary<string, SealedPersonalData>(StringComparer.Ordinal);
        foreach (var (id, _, replay) in replays)
            if (replay.Model.Personal is { } personal) sealedData[id] = personal;
        // One round trip for the whole answer; null means shredded or past 翌月末 by the server's clock now.
        var opened = sealedData.Count == 0
            ? new Dictionary<string, PersonalData?>(StringComparer.Ordinal)
            : await protector.UnsealManyAsync(tenantId, sealedData, ct);

        return [.. replays.Select(r =>
        {
            var view = VerificationReadModel.Respond(r.Id, r.Replay.Model, opened.GetValueOrDefault(r.Id));
            return new ReplayedCheck(r.Id, r.Shared, view.TreatedAtFacilityId, view.TreatmentDate, r.Replay.Events[0].RecordedAt, view.Version,
                view.Status, view.IdentityMode, view.FallbackKind, view.LookupFailure, view.RetainedUntil, view.Eligibility, view.Personal,
                [.. r.Replay.Events.Select(ReplayedEvents.Of)]);
        })];
    }

    private async Task<(List<(string Id, bool Shared)> Ids, bool Truncated)> ChecksAsync(string sql, string tenantId, string facilityId,
        DateTimeOffset first, DateTimeOffset second, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = tenantId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = facilityId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = first.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { NpgsqlDbType = NpgsqlDbType.TimestampTz, TypedValue = second.ToUniversalTime() });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = MaxChecks + 1 });
        var ids = new List<(string, bool)>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct)) ids.Add((reader.GetString(0), reader.GetBoolean(1)));
        var truncated = ids.Count > MaxChecks;
        if (truncated) ids.RemoveAt(ids.Count - 1);
        return (ids, truncated);
    }
}
