namespace MynaEvents.Domain.Verification;

/// <summary>
/// The rules of one reception check, as pure decisions: state and command in, events or a
/// rejection out. <c>now</c> is always a parameter.
/// </summary>
public static class VerificationRules
{
    /// <summary>How far an edge clock may run ahead of the server's before its times are refused.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <param name="deviceActivatedAt">When the reading device was first activated: it read no card before (<see cref="CardReadTime"/>).</param>
    public static VerificationDecision ReadCard(VerificationState state, CardRead card, DateTimeOffset now, DateTimeOffset deviceActivatedAt)
    {
        if (state.Started)
            return VerificationDecision.Reject("verificationId", "this check has already started; a new card read needs a new verification id");
        if (CardReadTime.Problem(card.OccurredAt, deviceActivatedAt, now) is { } badTime)
            return new([], badTime);
        if (card.TreatmentDate != JapanTime.DateOf(card.OccurredAt))
            return VerificationDecision.Reject("treatmentDate", "must be the date (in Japan) of occurredAt");
        var usableUntil = CertificateGrace.UsableUntil(card.Certificate.NotAfter);
        return card.OccurredAt > usableUntil
            ? VerificationDecision.Accept(card, new CertificateBeyondGrace(card.Certificate.NotAfter, usableUntil, card.OccurredAt))
            : VerificationDecision.Accept(card);
    }

    public static VerificationDecision VerifyIdentity(VerificationState state, IdentityVerified identity, DateTimeOffset now)
    {
        if (!state.CardWasRead)
            return VerificationDecision.Reject("verificationId", "no card was read for this check");
        if (state.Identity is not null)
            return VerificationDecision.Reject("mode", "identity was already verified for this check");
        if (identity.OccurredAt > now + ClockSkew)
            return VerificationDecision.Reject("occurredAt", "is in the future");
        if (string.IsNullOrWhiteSpace(identity.StaffId))
            return VerificationDecision.Reject("staffId", "is required: who checked the patient");
        if (identity.Mode == IdentityMode.Pin && string.IsNullOrEmpty(identity.ChallengeId))
            return VerificationDecision.Reject("challengeId", "is required for PIN mode (暗証番号)");
        return VerificationDecision.Accept(identity);
    }

    /// <summary>Whether an online lookup may run now; null when it may.</summary>
    public static VerificationRejection? CanLookUp(VerificationState state, DateTimeOffset now)
    {
        if (!state.CardWasRead) return new("verificationId", "no card was read for this check");
        if (state.Identity is null) return new("verificationId", "the patient's identity must be verified before the lookup");
        if (!state.CertificateUsable) return new("verificationId", "the card's certificate expired more than three months before the end of its expiry month: use a fallback document");
        if (state.Confirmed) return new("verificationId", "this check is already confirmed");
        if (RetentionDeadline.IsPast(state.TreatmentDate!.Value, now)) return new("verificationId", "the check's 翌月末 (end of the month after treatment) has passed");
        return null;
    }

    /// <summary>Records an online answer, if a lookup may run now.</summary>
    public static VerificationDecision RecordLookup(VerificationState state, object outcome, DateTimeOffset now)
    {
        if (CanLookUp(state, now) is { } rejection) return new([], rejection);
        return outcome switch
        {
            EligibilityConfirmed or EligibilityNotFound or EligibilityInvalid or EligibilityLookupFailed => VerificationDecision.Accept(outcome),
            _ => throw new ArgumentException($"{outcome.GetType().Name} is not an online lookup outcome.", nameof(outcome)),
        };
    }

    public static VerificationDecision RecordFallback(VerificationState state, EligibilityConfirmedByFallback fallback, PersonalData personal, DateTimeOffset now)
    {
        if (state.Confirmed)
            return VerificationDecision.Reject("verificationId", "this check is already confirmed");
        if (fallback.Kind == FallbackKind.EligibilityNotice && !state.CardWasRead)
            return VerificationDecision.Reject("kind", "資格情報のお知らせ is valid only together with the My Number card: read the card first");
        if (state.Started && fallback.TreatedAtFacilityId != state.TreatedAtFacilityId)
            return VerificationDecision.Reject("treatedAtFacilityId", "must be the facility the check started at");
        if (state.TreatmentDate is { } started && fallback.TreatmentDate != started)
            return VerificationDecision.Reject("treatmentDate", "must be the treatment date the check started with");
        if (fallback.OccurredAt > now + ClockSkew)
            return VerificationDecision.Reject("occurredAt", "is in the future");
        if (fallback.TreatmentDate > JapanTime.DateOf(fallback.OccurredAt))
            return VerificationDecision.Reject("treatmentDate", "must not be after the confirmation");
        if (RetentionDeadline.IsPast(fallback.TreatmentDate, now))
            return VerificationDecision.Reject("treatmentDate", "its 翌月末 (end of the following month) has passed: eligibility can no longer be confirmed for it");
        if (string.IsNullOrWhiteSpace(fallback.StaffId))
            return VerificationDecision.Reject("staffId", "is required: who checked the document");
        if (fallback.Kind is FallbackKind.QualificationCertificate or FallbackKind.EligibilityNotice or FallbackKind.MynaPortal && fallback.DocumentDate is null)
            return VerificationDecision.Reject("documentDate", "is required: the issue or display date the document shows");
        if (fallback.DocumentDate > JapanTime.DateOf(fallback.OccurredAt))
            return VerificationDecision.Reject("documentDate", "must not be after the confirmation");
        if (EligibilityRules.Check(fallback.Eligibility, personal, fallback.TreatmentDate) is { } rejection)
            return new([], rejection);
        if (fallback.Eligibility.Validity is not (1 or 6))
            return VerificationDecision.Reject("validity", "a fallback confirms valid coverage only (1 有効 or 6 有効(未登録))");
        return VerificationDecision.Accept(fallback);
    }
}
