using MynaEvents.Edge.Screen;
using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Tests.Screen;

public sealed class VerificationScreenTests
{
    private static readonly ReceptionScreen Japanese = new();
    private static readonly ReceptionScreen English = new(ScreenLanguage.English);

    [Fact]
    public void the_screen_speaks_japanese_unless_told_otherwise() => Assert.Equal(ScreenLanguage.Japanese, Japanese.Language);

    [Fact]
    public void a_confirmed_check_shows_the_insurer_the_insured_numbers_the_person_the_share_and_how_identity_was_checked()
    {
        var text = Japanese.Verification(Checks.Confirmed());

        Assert.StartsWith("【資格確認済】", text, StringComparison.Ordinal);
        Assert.Contains("保険者名: 全国健康保険協会東京支部", text, StringComparison.Ordinal);
        Assert.Contains("保険者番号: 01130012", text, StringComparison.Ordinal);
        Assert.Contains("記号・番号・枝番: 5012・34567・00", text, StringComparison.Ordinal);
        Assert.Contains($"氏名: {Checks.Name}", text, StringComparison.Ordinal);
        Assert.Contains($"カナ: {Checks.Kana}", text, StringComparison.Ordinal);
        Assert.Contains("生年月日: 1980年6月15日", text, StringComparison.Ordinal);
        Assert.Contains("本人・家族: 本人", text, StringComparison.Ordinal);
        Assert.Contains("負担割合: 3割", text, StringComparison.Ordinal);
        Assert.Contains("資格取得年月日: 2010年4月1日", text, StringComparison.Ordinal);
        Assert.Contains("資格有効性: 有効", text, StringComparison.Ordinal);
        Assert.Contains("本人確認: 目視", text, StringComparison.Ordinal);
        Assert.Contains("再照会できる期限: 2026年12月31日（翌月末）まで", text, StringComparison.Ordinal);
        Assert.DoesNotContain("次の対応", text, StringComparison.Ordinal);
    }

    [Fact]
    public void a_confirmed_check_in_english_keeps_the_japanese_terms_staff_know()
    {
        var text = English.Verification(Checks.Confirmed(identityMode: IdentityModes.Pin));

        Assert.StartsWith("[Eligibility confirmed (資格確認済)]", text, StringComparison.Ordinal);
        Assert.Contains("Insurer number (保険者番号): 01130012", text, StringComparison.Ordinal);
        Assert.Contains("Symbol / number / branch (記号・番号・枝番): 5012 / 34567 / 00", text, StringComparison.Ordinal);
        Assert.Contains($"Name: {Checks.Name}", text, StringComparison.Ordinal);
        Assert.Contains("Date of birth: 1980-06-15", text, StringComparison.Ordinal);
        Assert.Contains("Insured or dependant: insured person (本人)", text, StringComparison.Ordinal);
        Assert.Contains("Share paid by the patient (負担割合): 30% (3割)", text, StringComparison.Ordinal);
        Assert.Contains("Validity: valid (有効)", text, StringComparison.Ordinal);
        Assert.Contains("Identity check: PIN (暗証番号)", text, StringComparison.Ordinal);
        Assert.Contains("until 2026-12-31 (翌月末)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void a_dependant_over_seventy_shows_the_elderly_share_and_the_end_of_the_qualification()
    {
        var eligibility = Checks.Eligibility with { PersonalFamily = 2, BurdenRatio = "030", ElderlyBurdenRatio = "020", DisqualificationDate = new DateOnly(2027, 3, 31), Validity = 6 };

        var japanese = Japanese.Verification(Checks.Confirmed(eligibility));
        var english = English.Verification(Checks.Confirmed(eligibility));

        Assert.Contains("本人・家族: 家族", japanese, StringComparison.Ordinal);
        Assert.Contains("高齢受給者の負担割合: 2割", japanese, StringComparison.Ordinal);
        Assert.Contains("資格喪失年月日: 2027年3月31日", japanese, StringComparison.Ordinal);
        Assert.Contains("資格有効性: 有効（未登録）", japanese, StringComparison.Ordinal);
        Assert.Contains("Elderly recipient's share (高齢受給者): 20% (2割)", english, StringComparison.Ordinal);
        Assert.Contains("dependant (家族)", english, StringComparison.Ordinal);
    }

    [Fact]
    public void after_the_deadline_no_personal_field_is_shown_even_if_one_came_along()
    {
        var shredded = new PersonalView(Checks.Name, Checks.Kana, new DateOnly(1980, 6, 15), "5012", "34567", "00", Shredded: true);

        foreach (var screen in new[] { Japanese, English })
        {
            var text = screen.Verification(Checks.Confirmed(personal: shredded));
            foreach (var personal in new[] { Checks.Name, Checks.Kana, "1980", "5012", "34567" })
                Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
            Assert.Contains("翌月末", text, StringComparison.Ordinal);
            Assert.Contains("01130012", text, StringComparison.Ordinal);
        }
        Assert.Contains("個人情報: 再照会の期限（翌月末）を過ぎたため削除されました", Japanese.Verification(Checks.Confirmed(personal: shredded)), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(VerificationStatuses.NotFound, "資格情報なし", "No eligibility found (資格情報なし)")]
    [InlineData(VerificationStatuses.Invalid, "資格（無効）", "Eligibility invalid (資格（無効）)")]
    public void no_eligibility_and_invalid_eligibility_tell_staff_which_documents_still_confirm_it_and_what_the_patient_pays(
        string status, string japaneseOutcome, string englishOutcome)
    {
        var check = Checks.WithStatus(status);

        var japanese = Japanese.Verification(check);
        var english = English.Verification(check);

        Assert.StartsWith($"【{japaneseOutcome}】", japanese, StringComparison.Ordinal);
        foreach (var step in new[] { "資格確認書", "マイナポータル", "資格情報のお知らせとマイナンバーカード", "事後確認", "適切な自己負担分（3割分等）" })
            Assert.Contains(step, japanese, StringComparison.Ordinal);
        Assert.Contains(englishOutcome, english, StringComparison.Ordinal);
        foreach (var step in new[] { "qualification certificate (資格確認書)", "eligibility notice (資格情報のお知らせ), with the My Number card", "proper share" })
            Assert.Contains(step, english, StringComparison.Ordinal);
        Assert.DoesNotContain("server's next step", japanese, StringComparison.Ordinal);
    }

    [Fact]
    public void a_failed_lookup_says_it_can_be_retried_and_how_to_confirm_now()
    {
        var check = Checks.WithStatus(VerificationStatuses.LookupFailed, lookupFailure: "timeout: the eligibility system did not answer in time");

        var japanese = Japanese.Verification(check);
        var english = English.Verification(check);

        Assert.StartsWith("【照会失敗】", japanese, StringComparison.Ordinal);
        Assert.Contains("翌月末まで再照会できます", japanese, StringComparison.Ordinal);
        Assert.Contains("資格確認書", japanese, StringComparison.Ordinal);
        Assert.Contains("（詳細: timeout: the eligibility system did not answer in time）", japanese, StringComparison.Ordinal);
        Assert.Contains("Lookup failed (照会失敗)", english, StringComparison.Ordinal);
        Assert.Contains("can be retried until the end of next month", english, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qualification_certificate", "資格確認済（資格確認書で確認）", "Eligibility confirmed from the qualification certificate (資格確認書)")]
    [InlineData("eligibility_notice", "資格確認済（資格情報のお知らせで確認）", "Eligibility confirmed from the eligibility notice (資格情報のお知らせ)")]
    [InlineData("myna_portal", "資格確認済（マイナポータルで確認）", "Eligibility confirmed from Mynaportal (マイナポータル)")]
    [InlineData("oral_follow_up", "資格確認済（事後確認（口頭）で確認）", "Eligibility confirmed from an oral follow-up from a past visit (事後確認)")]
    public void a_check_confirmed_from_a_document_names_the_document(string kind, string japanese, string english)
    {
        var check = Checks.WithStatus(VerificationStatuses.ConfirmedByFallback, fallbackKind: kind);

        Assert.Equal(japanese, Japanese.Outcome(check));
        Assert.Equal(english, English.Outcome(check));
    }

    [Theory]
    [InlineData(VerificationStatuses.CardRead, "カード読取済・本人確認待ち", "本人確認をしてください")]
    [InlineData(VerificationStatuses.IdentityVerified, "本人確認済・資格照会待ち", "資格を照会してください")]
    [InlineData(VerificationStatuses.CertificateBeyondGrace, "電子証明書の期限切れ（3か月超）", "資格確認書")]
    [InlineData(VerificationStatuses.NotStarted, "未確認", "マイナンバーカードを読み取ってください")]
    public void an_unfinished_check_says_what_comes_next(string status, string outcome, string next)
    {
        var text = Japanese.Verification(Checks.WithStatus(status));

        Assert.StartsWith($"【{outcome}】", text, StringComparison.Ordinal);
        Assert.Contains(next, text, StringComparison.Ordinal);
        Assert.StartsWith($"[{English.Outcome(Checks.WithStatus(status))}]\nNext: ", English.Verification(Checks.WithStatus(status)), StringComparison.Ordinal);
    }

    [Fact]
    public void a_status_this_edge_does_not_know_is_shown_with_the_servers_next_step()
    {
        var text = English.Verification(Checks.WithStatus("something_new"));

        Assert.Contains("Status: something_new", text, StringComparison.Ordinal);
        Assert.Contains("server's next step", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, "有効", "valid (有効)")]
    [InlineData(2, "無効", "invalid (無効)")]
    [InlineData(3, "無効（新しい資格あり）", "invalid, a newer qualification exists (無効（新しい資格あり）)")]
    [InlineData(4, "該当資格なし", "no qualification (該当資格なし)")]
    [InlineData(5, "複数該当", "several matches (複数該当)")]
    [InlineData(6, "有効（未登録）", "valid, not yet registered (有効（未登録）)")]
    [InlineData(9, "不明なコード 9", "unknown code 9")]
    public void each_validity_code_has_its_words(int validity, string japanese, string english)
    {
        Assert.Equal(japanese, Japanese.Validity(validity));
        Assert.Equal(english, English.Validity(validity));
    }

    [Fact]
    public void the_retention_day_is_the_day_in_japan_whatever_the_offset_of_the_instant()
    {
        var utc = Checks.Confirmed() with { RetainedUntil = new DateTimeOffset(2026, 12, 31, 14, 59, 59, TimeSpan.Zero) };

        Assert.Contains("2026年12月31日（翌月末）", Japanese.Verification(utc), StringComparison.Ordinal);
    }
}
