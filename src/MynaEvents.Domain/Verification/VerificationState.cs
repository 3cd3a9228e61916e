namespace MynaEvents.Domain.Verification;

/// <summary>Where one reception check stands, folded from its events.</summary>
public sealed record VerificationState
{
    public static VerificationState Initial { get; } = new();

    public bool Started { get; init; }
    public bool CardWasRead { get; init; }
    public string? DeviceFacilityId { get; init; }
    public string? TreatedAtFacilityId { get; init; }
    public DateOnly? TreatmentDate { get; init; }
    public bool CertificateUsable { get; init; } = true;
    public IdentityMode? Identity { get; init; }

    /// <summary>Confirmed online or by a fallback document: the check is complete.</summary>
    public bool Confirmed { get; init; }

    /// <summary>The latest online outcome ("confirmed", "not_found", "invalid", "lookup_failed"), if any.</summary>
    public string? LastLookupOutcome { get; init; }

    public VerificationState Apply(object @event) => @event switch
    {
        CardRead e => this with
        {
            Started = true,
            CardWasRead = true,
            DeviceFacilityId = e.DeviceFacilityId,
            TreatedAtFacilityId = e.TreatedAtFacilityId,
            TreatmentDate = e.TreatmentDate,
        },
        CertificateBeyondGrace => this with { CertificateUsable = false },
        IdentityVerified e => this with { Identity = e.Mode },
        EligibilityConfirmed => this with { Confirmed = true, LastLookupOutcome = "confirmed" },
        EligibilityNotFound => this with { LastLookupOutcome = "not_found" },
        EligibilityInvalid => this with { LastLookupOutcome = "invalid" },
        EligibilityLookupFailed => this with { LastLookupOutcome = "lookup_failed" },
        EligibilityConfirmedByFallback e => this with
        {
            Started = true,
            Confirmed = true,
            TreatedAtFacilityId = TreatedAtFacilityId ?? e.TreatedAtFacilityId,
            TreatmentDate = TreatmentDate ?? e.TreatmentDate,
        },
        _ => this,
    };
}
