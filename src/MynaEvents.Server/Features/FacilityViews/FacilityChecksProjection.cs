using MynaEvents.Domain.Verification;
using MynaEvents.EventStore.Projections;
using MynaEvents.EventStore.Reading;
using MynaEvents.Server.Features.Facilities.Directory;
using MynaEvents.Server.Features.Verification;
using MynaEvents.Server.Privacy;
using Npgsql;
using static MynaEvents.Server.Features.FacilityCheckViews.FacilityCheckStatements;

// Not "...Features.FacilityViews": that name would hide the Facilities feature's FacilityViews class
// from code under Features.Facilities.
namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>
/// Keeps <c>myna.facility_checks</c>: each reception check in the view of the facility it was
/// recorded at and, when a co-location declaration (併設申告) was in force when the check
/// started, in the partner's view too. Runs async: a view may lag the check by a moment, and
/// the reception hot path pays nothing for it.
/// </summary>
/// <remarks>
/// Sharing is decided once, at the check's first event, by the directory as it stood at that
/// event's recorded_at (the database clock the directory's declared_at/withdrawn_at share).
/// A withdrawal so stops sharing later checks without taking earlier ones from the partner.
/// The plaintext copies are unsealed here, in one round trip per tenant and batch; whatever is
/// already unreadable is stored as null with shredded set.
/// </remarks>
internal sealed class FacilityChecksProjection(FacilityDirectory directory, PersonalDataProtector protector) : IProjection
{
    private static readonly HashSet<string> Relevant = [.. VerificationEventNames.All.Values];

    public string Name => "facility_checks";

    public bool Concerns(string eventType) => Relevant.Contains(eventType);

    public async Task ApplyAsync(IReadOnlyList<RecordedEvent> events, ProjectionContext context, CancellationToken cancellationToken)
    {
        var checks = events
            .Where(e => VerificationEventNames.All.ContainsKey(e.Data.GetType()) && e.StreamId.StartsWith(StreamPrefix, StringComparison.Ordinal))
            .ToList();
        if (checks.Count == 0) return;

        var personal = await UnsealAsync(checks, cancellationToken);
        await using var batch = context.CreateBatch();
        foreach (var recorded in checks)
        {
            var verificationId = recorded.StreamId[StreamPrefix.Length..];
            if (StartOf(recorded.Data) is { } start && recorded.Version == 1)
            {
                // The directory is kept inline, so it is committed before this async batch reads it.
                var partner = await directory.PartnerAtAsync(recorded.TenantId, start.FacilityId, recorded.RecordedAt, cancellationToken);
                batch.BatchCommands.Add(Started(recorded.TenantId, verificationId, start, recorded.RecordedAt,
                    partner is null ? [start.FacilityId] : [start.FacilityId, partner]));
            }
            personal.TryGetValue((recorded.TenantId, verificationId), out var opened);
            if (Change(recorded, verificationId, opened) is { } change) batch.BatchCommands.Add(change);
        }
        if (batch.BatchCommands.Count > 0) await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ResetAsync(ProjectionContext context, CancellationToken cancellationToken)
    {
        // DELETE rather than TRUNCATE: readers keep the old view until the rebuild commits.
        await using var command = context.CreateCommand("delete from myna.facility_checks");
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static readonly string StreamPrefix = VerificationCommands.StreamOf("");

    private static CheckStart? StartOf(object data) => data switch
    {
        CardRead c => new CheckStart(c.TreatedAtFacilityId, c.DeviceId, c.DeviceFacilityId, null, "card_read", c.TreatmentDate, c.OccurredAt),
        EligibilityConfirmedByFallback f => new CheckStart(f.TreatedAtFacilityId, null, null, f.StaffId, "confirmed_by_fallback", f.TreatmentDate, f.OccurredAt),
        _ => null,
    };

    private static NpgsqlBatchCommand? Change(RecordedEvent recorded, string verificationId, PersonalData? personal)
    {
        NpgsqlBatchCommand Set(string status, DateTimeOffset occurredAt, params IEnumerable<(string, NpgsqlParameter)>[] columns) =>
            Changed(recorded.TenantId, verificationId, recorded.Version, occurredAt, recorded.RecordedAt, status, [.. columns.SelectMany(c => c)]);

        return recorded.Data switch
        {
            CardRead c => Set("card_read", c.OccurredAt),
            CertificateBeyondGrace g => Set("certificate_beyond_grace", g.OccurredAt),
            IdentityVerified i => Set("identity_verified", i.OccurredAt,
                [("identity_method", Text(i.Mode == IdentityMode.Pin ? "pin" : "visual")), ("staff_id", Text(i.StaffId))]),
            EligibilityConfirmed e => Set("confirmed", e.OccurredAt, [("lookup_failure", Text(null))], EligibilityColumns(e.Eligibility), PersonalColumns(personal)),
            EligibilityNotFound n => Set("not_found", n.OccurredAt, [("lookup_failure", Text(null))]),
            EligibilityInvalid v => Set("invalid", v.OccurredAt, [("lookup_failure", Text(null)), ("invalid_validity", Int(v.Validity))]),
            EligibilityLookupFailed f => Set("lookup_failed", f.OccurredAt, [("lookup_failure", Text(f.Reason))]),
            EligibilityConfirmedByFallback f => Set("confirmed_by_fallback", f.OccurredAt,
                [("fallback_kind", Text(VerificationReadModel.Names.Of(f.Kind))), ("staff_id", Text(f.StaffId))],
                EligibilityColumns(f.Eligibility), PersonalColumns(personal)),
            _ => null,
        };
    }

    private async Task<Dictionary<(string Tenant, string Verification), PersonalData?>> UnsealAsync(
        List<RecordedEvent> checks, CancellationToken cancellationToken)
    {
        var opened = new Dictionary<(string, string), PersonalData?>();
        foreach (var tenant in checks.GroupBy(e => e.TenantId, StringComparer.Ordinal))
        {
            var sealedData = new Dictionary<string, SealedPersonalData>(StringComparer.Ordinal);
            foreach (var recorded in tenant)
            {
                var personal = recorded.Data switch
                {
                    EligibilityConfirmed e => e.Personal,
                    EligibilityConfirmedByFallback f => f.Personal,
                    _ => null,
                };
                if (personal is not null) sealedData[recorded.StreamId[StreamPrefix.Length..]] = personal;
            }
            if (sealedData.Count == 0) continue;
            foreach (var (verificationId, data) in await protector.UnsealManyAsync(tenant.Key, sealedData, cancellationToken))
                opened[(tenant.Key, verificationId)] = data;
        }
        return opened;
    }
}
