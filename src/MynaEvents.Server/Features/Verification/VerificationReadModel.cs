using MynaEvents.Domain.Verification;
using MynaEvents.Server.Storage;

namespace MynaEvents.Server.Features.Verification;

/// <summary>
/// One check folded from its stream: the rules' state plus what reception is shown. Built
/// from the events on every request, so a resent command gets the same answer.
/// </summary>
internal sealed record VerificationReadModel
{
    public VerificationState State { get; init; } = VerificationState.Initial;
    public long Version { get; init; }
    public CardRead? Card { get; init; }
    public string Status { get; init; } = "not_started";
    public Eligibility? Eligibility { get; init; }
    public SealedPersonalData? Personal { get; init; }
    public FallbackKind? Fallback { get; init; }
    public string? LookupFailure { get; init; }
    public int? InvalidValidity { get; init; }

    public VerificationReadModel Apply(RecordedEvent recorded) => Apply(recorded.Data, recorded.Version);

    public VerificationReadModel Apply(object data, long version)
    {
        var next = this with { State = State.Apply(data), Version = version };
        return data switch
        {
            CardRead card => next with { Card = card, Status = "card_read" },
            CertificateBeyondGrace => next with { Status = "certificate_beyond_grace" },
            IdentityVerified => next with { Status = "identity_verified" },
            EligibilityConfirmed e => next with { Status = "confirmed", Eligibility = e.Eligibility, Personal = e.Personal, LookupFailure = null },
            EligibilityNotFound => next with { Status = "not_found", LookupFailure = null },
            EligibilityInvalid e => next with { Status = "invalid", InvalidValidity = e.Validity, LookupFailure = null },
            EligibilityLookupFailed e => next with { Status = "lookup_failed", LookupFailure = e.Reason },
            EligibilityConfirmedByFallback e => next with { Status = "confirmed_by_fallback", Eligibility = e.Eligibility, Personal = e.Personal, Fallback = e.Kind },
            _ => next,
        };
    }

    /// <summary>What staff should do next, in the words reception uses.</summary>
    public string NextStep => Status switch
    {
        "not_started" => "Read the patient's My Number card, or record a fallback document.",
        "card_read" => "Check the patient's identity: 目視 (compare the photo) or 暗証番号 (the patient enters the PIN).",
        "certificate_beyond_grace" => "The card's certificate expired more than three months ago: confirm with 資格確認書 or マイナポータル instead.",
        "identity_verified" => "Look up the eligibility.",
        "confirmed" => "Eligibility confirmed. The result can be looked up again until the end of next month (翌月末).",
        "not_found" => "資格情報なし: confirm with 資格確認書, マイナポータル or 資格情報のお知らせ with the card; without one, the patient pays the normal share.",
        "invalid" => "資格（無効）: confirm with a document showing valid coverage; without one, the patient pays the normal share.",
        "lookup_failed" => "The national system did not answer. Retry the lookup (allowed until 翌月末) or confirm with a document now.",
        "confirmed_by_fallback" => "Eligibility confirmed from the document. It can be looked up again until the end of next month (翌月末).",
        _ => "",
    };

    public DateTimeOffset? RetainedUntil => State.TreatmentDate is { } date ? RetentionDeadline.For(date) : null;

    public static VerificationResponse Respond(string verificationId, VerificationReadModel model, PersonalData? personal) => new(
        verificationId,
        model.Version,
        model.Status,
        model.State.TreatedAtFacilityId,
        model.State.TreatmentDate,
        model.State.Identity switch { IdentityMode.Visual => "visual", IdentityMode.Pin => "pin", _ => null },
        model.State.CertificateUsable,
        model.RetainedUntil,
        model.Eligibility is { } e
            ? new EligibilityView(e.InsurerNumber, e.InsurerName, e.PersonalFamily, e.BurdenRatio, e.QualificationDate, e.DisqualificationDate, e.Validity, e.ElderlyBurdenRatio)
            : null,
        model.Personal is null
            ? null
            : personal is null
                ? new PersonalView(null, null, null, null, null, null, Shredded: true)
                : new PersonalView(personal.Name, personal.NameKana, personal.BirthDate, personal.InsuredCardSymbol, personal.InsuredIdentificationNumber, personal.InsuredBranchNumber, Shredded: false),
        model.Fallback is { } kind ? Names.Of(kind) : null,
        model.LookupFailure,
        model.NextStep);

    internal static class Names
    {
        public static string Of(FallbackKind kind) => kind switch
        {
            FallbackKind.QualificationCertificate => "qualification_certificate",
            FallbackKind.EligibilityNotice => "eligibility_notice",
            FallbackKind.MynaPortal => "myna_portal",
            FallbackKind.OralFollowUp => "oral_follow_up",
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        public static FallbackKind? Parse(string? value) => value switch
        {
            "qualification_certificate" => FallbackKind.QualificationCertificate,
            "eligibility_notice" => FallbackKind.EligibilityNotice,
            "myna_portal" => FallbackKind.MynaPortal,
            "oral_follow_up" => FallbackKind.OralFollowUp,
            _ => null,
        };
    }
}
