using MynaEvents.Domain.Verification;
using MynaEvents.Server.Storage.Projections;
using MynaEvents.Server.Storage;
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
/// already unreadable is stored as null with shredded set. A batch is folded in memory: the
/// existing rows of its checks are read in one query, the co-location declarations of its
/// tenants in another; new rows are written by one COPY and changed rows by version-guarded
/// UPDATEs of just the columns that changed, in one round trip.
/// </remarks>
internal sealed class FacilityChecksProjection(PersonalDataProtector protector) : IViewProjection
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

        // Unsealing (its own connection, then CPU on every core) runs while this batch's
        // connection reads the existing rows and the co-location declarations.
        var unsealing = UnsealAsync(checks, cancellationToken);

        // Each check's events of the batch, in order, folded into its rows in memory (starting
        // from the rows already in the view), then every changed row written in one statement.
        var byCheck = new Dictionary<(string Tenant, string Verification), List<RecordedEvent>>();
        foreach (var recorded in checks)
        {
            var key = (recorded.TenantId, recorded.StreamId[StreamPrefix.Length..]);
            if (!byCheck.TryGetValue(key, out var list)) byCheck[key] = list = [];
            list.Add(recorded);
        }
        var state = ReadStateAsync(checks, byCheck.Keys, context, cancellationToken);
        await Task.WhenAll(unsealing, state); // neither fails unobserved when the other throws
        var (existing, colocations) = await state;
        var personal = await unsealing;
        var changed = new List<FacilityCheckRow>();
        foreach (var ((tenantId, verificationId), list) in byCheck)
        {
            var rows = existing.TryGetValue((tenantId, verificationId), out var found) ? found : [];
            foreach (var recorded in list)
            {
                if (StartOf(recorded.Data) is { } start && recorded.Version == 1)
                {
                    var partner = colocations!.PartnerAt(recorded.TenantId, start.FacilityId, recorded.RecordedAt);
                    foreach (var viewer in partner is null ? [start.FacilityId] : new[] { start.FacilityId, partner })
                    {
                        // As "on conflict do nothing": a row already there is kept as it is.
                        if (rows.Any(r => r.ViewerFacilityId == viewer)) continue;
                        var row = Started(tenantId, verificationId, viewer, start, recorded.RecordedAt);
                        rows.Add(row);
                        changed.Add(row);
                    }
                }
                personal.TryGetValue((tenantId, verificationId), out var opened);
                if (Change(recorded, opened) is not { } change) continue;
                foreach (var row in rows)
                {
                    if (row.Version >= recorded.Version) continue;
                    row.Set("status", change.Status);
                    row.Version = recorded.Version;
                    row.Set("last_occurred_at", change.OccurredAt.UtcDateTime);
                    row.Set("updated_at", recorded.RecordedAt.UtcDateTime);
                    foreach (var (column, value) in change.Columns) row.Set(column, value);
                    if (row.Dirty) continue;
                    row.Dirty = true;
                    changed.Add(row);
                }
            }
        }
        await FacilityCheckRows.WriteAsync(context, changed, cancellationToken);
    }

    /// <summary>The rows already in the view for the batch's checks and, when a check starts in it, the co-location declarations.</summary>
    private static async Task<(Dictionary<(string Tenant, string Verification), List<FacilityCheckRow>> Existing, ColocationHistory? Colocations)> ReadStateAsync(
        List<RecordedEvent> checks, IReadOnlyCollection<(string Tenant, string Verification)> keys, ProjectionContext context, CancellationToken cancellationToken)
    {
        var existing = await FacilityCheckRows.ReadAsync(context, keys, cancellationToken);
        // The directory is kept inline, so it is committed before this async batch reads it.
        ColocationHistory? colocations = null;
        if (checks.Any(e => e.Version == 1 && StartOf(e.Data) is not null))
            colocations = await FacilityCheckRows.ColocationsAsync(context,
                checks.Select(e => e.TenantId).Distinct(StringComparer.Ordinal), cancellationToken);
        return (existing, colocations);
    }

    /// <summary>The check's first event: its row in the view of <paramref name="viewer"/>, at version 0.</summary>
    private static FacilityCheckRow Started(string tenantId, string verificationId, string viewer, CheckStart start, DateTimeOffset recordedAt)
    {
        var row = new FacilityCheckRow { Dirty = true, New = true };
        row.Set("tenant_id", tenantId);
        row.Set("verification_id", verificationId);
        row.Set("viewer_facility_id", viewer);
        row.Set("recorded_at_facility_id", start.FacilityId);
        row.Set("shared", viewer != start.FacilityId);
        row.Set("device_id", start.DeviceId);
        row.Set("device_facility_id", start.DeviceFacilityId);
        row.Set("staff_id", start.StaffId);
        row.Set("status", start.Status);
        row.Set("treatment_date", start.TreatmentDate);
        row.Set("retention_deadline", RetentionDeadline.For(start.TreatmentDate).UtcDateTime);
        row.Set("occurred_at", start.OccurredAt.UtcDateTime);
        row.Set("recorded_at", recordedAt.UtcDateTime);
        row.Set("last_occurred_at", start.OccurredAt.UtcDateTime);
        row.Set("updated_at", recordedAt.UtcDateTime);
        row.Version = 0;
        row.Set("shredded", false);
        return row;
    }

    /// <summary>Emptied with DELETE before a rebuild: readers keep the old view until the rebuild's first batch commits.</summary>
    public IReadOnlyList<string> Tables { get; } = ["myna.facility_checks"];

    private static readonly string StreamPrefix = VerificationCommands.StreamOf("");

    private static CheckStart? StartOf(object data) => data switch
    {
        CardRead c => new CheckStart(c.TreatedAtFacilityId, c.DeviceId, c.DeviceFacilityId, null, "card_read", c.TreatmentDate, c.OccurredAt),
        EligibilityConfirmedByFallback f => new CheckStart(f.TreatedAtFacilityId, null, null, f.StaffId, "confirmed_by_fallback", f.TreatmentDate, f.OccurredAt),
        _ => null,
    };

    private sealed record CheckChange(string Status, DateTimeOffset OccurredAt, IReadOnlyList<(string Column, object? Value)> Columns);

    private static CheckChange? Change(RecordedEvent recorded, PersonalData? personal)
    {
        static CheckChange Set(string status, DateTimeOffset occurredAt, params IEnumerable<(string, object?)>[] columns) =>
            new(status, occurredAt, [.. columns.SelectMany(c => c)]);

        return recorded.Data switch
        {
            CardRead c => Set("card_read", c.OccurredAt),
            CertificateBeyondGrace g => Set("certificate_beyond_grace", g.OccurredAt),
            IdentityVerified i => Set("identity_verified", i.OccurredAt,
                [("identity_method", i.Mode == IdentityMode.Pin ? "pin" : "visual"), ("staff_id", i.StaffId)]),
            EligibilityConfirmed e => Set("confirmed", e.OccurredAt, [("lookup_failure", null)], EligibilityColumns(e.Eligibility), PersonalColumns(personal)),
            EligibilityNotFound n => Set("not_found", n.OccurredAt, [("lookup_failure", null)]),
            EligibilityInvalid v => Set("invalid", v.OccurredAt, [("lookup_failure", null), ("invalid_validity", v.Validity)]),
            EligibilityLookupFailed f => Set("lookup_failed", f.OccurredAt, [("lookup_failure", f.Reason)]),
            EligibilityConfirmedByFallback f => Set("confirmed_by_fallback", f.OccurredAt,
                [("fallback_kind", VerificationReadModel.Names.Of(f.Kind)), ("staff_id", f.StaffId)],
                EligibilityColumns(f.Eligibility), PersonalColumns(personal)),
            _ => null,
        };
    }

    private async Task<Dictionary<(string Tenant, string Verification), PersonalData?>> UnsealAsync(
        List<RecordedEvent> checks, CancellationToken cancellationToken)
    {
        await Task.Yield(); // the caller goes on to its own reads at once
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
