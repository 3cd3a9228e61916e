using MynaEvents.Domain.Verification;

namespace MynaEvents.Domain.Tests.Verification;

public sealed class VerificationRulesTests
{
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 10, 0, 0, Jst);
    private static readonly DateTimeOffset Activated = new(2026, 4, 1, 9, 0, 0, Jst);
    private static readonly PersonalData Patient = new("山田 太郎", "ヤマダ タロウ", new DateOnly(1960, 4, 1), "12", "3456", "01");
    private static readonly Eligibility Valid = new("33120015", "協会けんぽ", 1, "030", new DateOnly(2020, 4, 1), null, 1, null);
    private static readonly SealedPersonalData Sealed = new("key-1", "c2VhbGVk");

    private static CardRead Card(DateTimeOffset? at = null, DateTimeOffset? notAfter = null)
    {
        var occurred = at ?? Now;
        return new CardRead("v-1", "dev-1", "fac-judo", "fac-judo", JapanTime.DateOf(occurred), occurred,
            new CardCertificate("ab", "0a1b", "JPKI test CA", notAfter ?? Now.AddYears(2)), new ReaderCapabilities(true, "reader"));
    }

    private static VerificationState Fold(params object[] events) => events.Aggregate(VerificationState.Initial, (s, e) => s.Apply(e));

    private static EligibilityConfirmedByFallback Fallback(FallbackKind kind, Eligibility? eligibility = null, DateOnly? treatment = null, DateOnly? documentDate = null) =>
        new(kind, "staff-1", "fac-judo", treatment ?? JapanTime.DateOf(Now), eligibility ?? Valid, Sealed, documentDate ?? JapanTime.DateOf(Now), Now);

    [Fact]
    public void a_card_read_starts_a_check_once()
    {
        var first = VerificationRules.ReadCard(VerificationState.Initial, Card(), Now, Activated);
        Assert.True(first.Accepted);
        Assert.IsType<CardRead>(Assert.Single(first.Events));

        var again = VerificationRules.ReadCard(Fold(Card()), Card(), Now, Activated);
        Assert.Equal("verificationId", again.Rejection!.Field);
    }

    [Fact]
    public void a_card_read_from_the_future_or_with_a_mismatched_treatment_date_is_refused()
    {
        Assert.Equal("occurredAt", VerificationRules.ReadCard(VerificationState.Initial, Card(Now.AddHours(1)), Now, Activated).Rejection!.Field);
        var wrongDate = Card() with { TreatmentDate = JapanTime.DateOf(Now).AddDays(-1) };
        Assert.Equal("treatmentDate", VerificationRules.ReadCard(VerificationState.Initial, wrongDate, Now, Activated).Rejection!.Field);
    }

    [Fact]
    public void a_certificate_past_its_grace_is_recorded_with_a_clear_outcome_and_blocks_the_online_lookup()
    {
        var expired = Card(notAfter: new DateTimeOffset(2026, 7, 20, 0, 0, 0, Jst)); // usable until 2026-10-31
        var decision = VerificationRules.ReadCard(VerificationState.Initial, expired, Now, Activated);

        Assert.True(decision.Accepted);
        var beyond = Assert.IsType<CertificateBeyondGrace>(decision.Events[1]);
        Assert.Equal(new DateTimeOffset(2026, 10, 31, 23, 59, 59, Jst).AddTicks(9_999_999), beyond.UsableUntil);
        var state = Fold([.. decision.Events, new IdentityVerified(IdentityMode.Visual, "staff-1", null, Now)]);
        Assert.Contains("fallback", VerificationRules.CanLookUp(state, Now)!.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void a_certificate_expired_within_grace_still_allows_the_lookup()
    {
        var recent = Card(notAfter: new DateTimeOffset(2026, 9, 5, 0, 0, 0, Jst)); // usable until 2026-12-31
        var decision = VerificationRules.ReadCard(VerificationState.Initial, recent, Now, Activated);
        Assert.Single(decision.Events);
    }

    [Fact]
    public void identity_is_verified_once_after_the_card_and_pin_mode_needs_a_challenge()
    {
        var visual = new IdentityVerified(IdentityMode.Visual, "staff-1", null, Now);
        Assert.Equal("verificationId", VerificationRules.VerifyIdentity(VerificationState.Initial, visual, Now).Rejection!.Field);
        Assert.True(VerificationRules.VerifyIdentity(Fold(Card()), visual, Now).Accepted);
        Assert.Equal("mode", VerificationRules.VerifyIdentity(Fold(Card(), visual), visual, Now).Rejection!.Field);
        var pinWithoutChallenge = new IdentityVerified(IdentityMode.Pin, "staff-1", null, Now);
        Assert.Equal("challengeId", VerificationRules.VerifyIdentity(Fold(Card()), pinWithoutChallenge, Now).Rejection!.Field);
        Assert.Equal("staffId", VerificationRules.VerifyIdentity(Fold(Card()), visual with { StaffId = " " }, Now).Rejection!.Field);
    }

    [Fact]
    public void the_lookup_needs_a_verified_identity_and_may_be_retried_after_a_failure_until_the_deadline()
    {
        var identified = Fold(Card(), new IdentityVerified(IdentityMode.Visual, "staff-1", null, Now));
        Assert.NotNull(VerificationRules.CanLookUp(Fold(Card()), Now));
        Assert.Null(VerificationRules.CanLookUp(identified, Now));

        var failed = identified.Apply(new EligibilityLookupFailed("upstream 503", true, Now));
        Assert.Null(VerificationRules.CanLookUp(failed, Now.AddDays(20))); // still November's 翌月末 window
        var afterDeadline = new DateTimeOffset(2027, 1, 1, 0, 0, 0, Jst);
        Assert.Contains("翌月末", VerificationRules.CanLookUp(failed, afterDeadline)!.Rule, StringComparison.Ordinal);

        var confirmed = failed.Apply(new EligibilityConfirmed(Valid, Sealed, Now));
        Assert.Contains("already confirmed", VerificationRules.CanLookUp(confirmed, Now)!.Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void a_notice_is_accepted_only_together_with_the_card()
    {
        var withoutCard = VerificationRules.RecordFallback(VerificationState.Initial, Fallback(FallbackKind.EligibilityNotice), Patient, Now);
        Assert.Equal("kind", withoutCard.Rejection!.Field);
        Assert.True(VerificationRules.RecordFallback(Fold(Card()), Fallback(FallbackKind.EligibilityNotice), Patient, Now).Accepted);
        Assert.True(VerificationRules.RecordFallback(VerificationState.Initial, Fallback(FallbackKind.QualificationCertificate), Patient, Now).Accepted);
    }

    [Fact]
    public void an_oral_follow_up_is_allowed_until_the_treatment_months_following_month_end()
    {
        var october = new DateOnly(2026, 10, 20);
        Assert.True(VerificationRules.RecordFallback(VerificationState.Initial, Fallback(FallbackKind.OralFollowUp, treatment: october, documentDate: null), Patient, Now).Accepted);
        var september = new DateOnly(2026, 9, 20);
        Assert.Equal("treatmentDate", VerificationRules.RecordFallback(VerificationState.Initial, Fallback(FallbackKind.OralFollowUp, treatment: september), Patient, Now).Rejection!.Field);
    }

    [Theory]
    [InlineData("33120016", "030", "insurerNumber")]
    [InlineData("3312001", "030", "insurerNumber")]
    [InlineData("33120015", "040", "burdenRatio")]
    [InlineData("138040", "3割", "burdenRatio")]
    [InlineData("138041", "030", "insurerNumber")]
    public void fallback_fields_are_validated_by_the_documents_rules(string insurer, string ratio, string field)
    {
        var decision = VerificationRules.RecordFallback(VerificationState.Initial,
            Fallback(FallbackKind.MynaPortal, Valid with { InsurerNumber = insurer, BurdenRatio = ratio }), Patient, Now);
        Assert.Equal(field, decision.Rejection!.Field);
    }

    [Fact]
    public void fallback_personal_fields_are_validated_and_an_individual_number_is_refused()
    {
        Decide(Patient with { InsuredBranchNumber = "1" }, "insuredBranchNumber");
        Decide(Patient with { NameKana = "yamada" }, "nameKana");
        Decide(Patient with { BirthDate = new DateOnly(2030, 1, 1) }, "birthDate");
        Decide(Patient with { InsuredIdentificationNumber = "123456789018" }, "insuredIdentificationNumber");

        static void Decide(PersonalData personal, string field) =>
            Assert.Equal(field, VerificationRules.RecordFallback(VerificationState.Initial, Fallback(FallbackKind.QualificationCertificate), personal, Now).Rejection!.Field);
    }

    [Fact]
    public void a_fallback_needs_a_document_date_except_for_an_oral_follow_up_and_confirms_only_valid_coverage()
    {
        var noDate = Fallback(FallbackKind.QualificationCertificate) with { DocumentDate = null };
        Assert.Equal("documentDate", VerificationRules.RecordFallback(VerificationState.Initial, noDate, Patient, Now).Rejection!.Field);
        var invalid = Fallback(FallbackKind.MynaPortal, Valid with { Validity = 2 });
        Assert.Equal("validity", VerificationRules.RecordFallback(VerificationState.Initial, invalid, Patient, Now).Rejection!.Field);
    }

    [Fact]
    public void a_confirmed_check_takes_no_fallback()
    {
        var confirmed = Fold(Card(), new IdentityVerified(IdentityMode.Visual, "s", null, Now), new EligibilityConfirmed(Valid, Sealed, Now));
        Assert.Equal("verificationId", VerificationRules.RecordFallback(confirmed, Fallback(FallbackKind.MynaPortal), Patient, Now).Rejection!.Field);
    }
}
