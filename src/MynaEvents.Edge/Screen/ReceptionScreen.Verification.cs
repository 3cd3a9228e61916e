using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Screen;

// A check as the server answered it: the outcome, the eligibility result, and what to do next
// when the card could not confirm the eligibility.
public sealed partial class ReceptionScreen
{
    /// <summary>The whole check: outcome line, result fields, identity mode, retention, next step.</summary>
    public string Verification(VerificationResponse check)
    {
        ArgumentNullException.ThrowIfNull(check);
        var lines = new List<string> { Say($"【{Outcome(check)}】", $"[{Outcome(check)}]") };
        if (check.Eligibility is { } eligibility) lines.AddRange(EligibilityLines(eligibility));
        if (check.Personal is { } personal) lines.AddRange(PersonalLines(personal));
        if (check.Eligibility is { } e) lines.AddRange(CoverageLines(e));
        if (IdentityMode(check.IdentityMode) is { } mode) lines.Add(Say($"本人確認: {mode}", $"Identity check: {mode}"));
        if (check.RetainedUntil is { } until && check.Status is VerificationStatuses.Confirmed or VerificationStatuses.ConfirmedByFallback)
            lines.Add(Say($"再照会できる期限: {Date(until)}（翌月末）まで", $"Can be looked up again until {Date(until)} (翌月末)"));
        lines.AddRange(NextStep(check));
        return Lines(lines);
    }

    /// <summary>The outcome in a few words: 資格確認済, 資格情報なし, 資格（無効）, 照会失敗…</summary>
    public string Outcome(VerificationResponse check)
    {
        ArgumentNullException.ThrowIfNull(check);
        return check.Status switch
        {
            VerificationStatuses.Confirmed => Say("資格確認済", "Eligibility confirmed (資格確認済)"),
            VerificationStatuses.ConfirmedByFallback => Say($"資格確認済（{Document(check.FallbackKind)}で確認）",
                $"Eligibility confirmed from {Document(check.FallbackKind)}"),
            VerificationStatuses.NotFound => Say("資格情報なし", "No eligibility found (資格情報なし)"),
            VerificationStatuses.Invalid => Say("資格（無効）", "Eligibility invalid (資格（無効）)"),
            VerificationStatuses.LookupFailed => Say("照会失敗", "Lookup failed (照会失敗)"),
            VerificationStatuses.CardRead => Say("カード読取済・本人確認待ち", "Card read, identity check needed"),
            VerificationStatuses.IdentityVerified => Say("本人確認済・資格照会待ち", "Identity checked, eligibility lookup needed"),
            VerificationStatuses.CertificateBeyondGrace => Say("電子証明書の期限切れ（3か月超）", "Card certificate expired more than 3 months ago"),
            VerificationStatuses.NotStarted => Say("未確認", "Not started"),
            _ => Say($"状態: {check.Status}", $"Status: {check.Status}"),
        };
    }

    /// <summary>資格有効性 (QualificationValidity) 1–6 as the national system codes it.</summary>
    public string Validity(int validity) => validity switch
    {
        1 => Say("有効", "valid (有効)"),
        2 => Say("無効", "invalid (無効)"),
        3 => Say("無効（新しい資格あり）", "invalid, a newer qualification exists (無効（新しい資格あり）)"),
        4 => Say("該当資格なし", "no qualification (該当資格なし)"),
        5 => Say("複数該当", "several matches (複数該当)"),
        6 => Say("有効（未登録）", "valid, not yet registered (有効（未登録）)"),
        _ => Say($"不明なコード {Number(validity)}", $"unknown code {Number(validity)}"),
    };

    private IEnumerable<string> EligibilityLines(EligibilityView e)
    {
        if (!string.IsNullOrEmpty(e.InsurerName)) yield return Say($"保険者名: {e.InsurerName}", $"Insurer: {e.InsurerName}");
        yield return Say($"保険者番号: {e.InsurerNumber}", $"Insurer number (保険者番号): {e.InsurerNumber}");
    }

    private IEnumerable<string> PersonalLines(PersonalView p)
    {
        if (p.Shredded)
        {
            // Nothing of the person is shown, whatever else the answer might carry.
            yield return Say("個人情報: 再照会の期限（翌月末）を過ぎたため削除されました",
                "Personal details: deleted after the end of the following month (翌月末)");
            yield break;
        }
        var parts = new[] { p.InsuredCardSymbol, p.InsuredIdentificationNumber, p.InsuredBranchNumber };
        if (parts.Any(v => !string.IsNullOrEmpty(v)))
        {
            var shown = parts.Select(v => string.IsNullOrEmpty(v) ? "－" : v);
            yield return Say($"記号・番号・枝番: {string.Join("・", shown)}", $"Symbol / number / branch (記号・番号・枝番): {string.Join(" / ", shown)}");
        }
        if (p.Name is { } name) yield return Say($"氏名: {name}", $"Name: {name}");
        if (p.NameKana is { } kana) yield return Say($"カナ: {kana}", $"Kana: {kana}");
        if (p.BirthDate is { } birth) yield return Say($"生年月日: {Date(birth)}", $"Date of birth: {Date(birth)}");
    }

    private IEnumerable<string> CoverageLines(EligibilityView e)
    {
        var family = e.PersonalFamily switch
        {
            1 => Say("本人", "insured person (本人)"),
            2 => Say("家族", "dependant (家族)"),
            _ => Number(e.PersonalFamily),
        };
        yield return Say($"本人・家族: {family}", $"Insured or dependant: {family}");
        yield return Say($"負担割合: {BurdenRatio.Format(e.BurdenRatio, Language)}", $"Share paid by the patient (負担割合): {BurdenRatio.Format(e.BurdenRatio, Language)}");
        if (!string.IsNullOrEmpty(e.ElderlyBurdenRatio))
            yield return Say($"高齢受給者の負担割合: {BurdenRatio.Format(e.ElderlyBurdenRatio, Language)}",
                $"Elderly recipient's share (高齢受給者): {BurdenRatio.Format(e.ElderlyBurdenRatio, Language)}");
        if (e.QualificationDate is { } from) yield return Say($"資格取得年月日: {Date(from)}", $"Qualified since (資格取得年月日): {Date(from)}");
        if (e.DisqualificationDate is { } until) yield return Say($"資格喪失年月日: {Date(until)}", $"Qualification ended (資格喪失年月日): {Date(until)}");
        yield return Say($"資格有効性: {Validity(e.Validity)}", $"Validity: {Validity(e.Validity)}");
    }

    private string? IdentityMode(string? mode) => mode switch
    {
        IdentityModes.Visual => Say("目視", "visual (目視)"),
        IdentityModes.Pin => Say("暗証番号", "PIN (暗証番号)"),
        null => null,
        _ => mode,
    };

    private string Document(string? fallbackKind) => fallbackKind switch
    {
        "qualification_certificate" => Say("資格確認書", "the qualification certificate (資格確認書)"),
        "eligibility_notice" => Say("資格情報のお知らせ", "the eligibility notice (資格情報のお知らせ)"),
        "myna_portal" => Say("マイナポータル", "Mynaportal (マイナポータル)"),
        "oral_follow_up" => Say("事後確認（口頭）", "an oral follow-up from a past visit (事後確認)"),
        null => Say("書類", "a document"),
        _ => fallbackKind,
    };

    private string[] NextStep(VerificationResponse check) => check.Status switch
    {
        VerificationStatuses.NotFound or VerificationStatuses.Invalid => FallbackDocuments(),
        VerificationStatuses.LookupFailed => LookupFailed(check.LookupFailure),
        VerificationStatuses.CertificateBeyondGrace =>
        [
            Say("次の対応: 電子証明書の有効期限から3か月を過ぎているため、カードでは確認できません。資格確認書、またはマイナポータルの資格情報画面で確認してください。電子証明書の更新は市区町村の窓口でできます。",
                "Next: the card's certificate expired more than three months ago, so the card cannot confirm eligibility. Confirm with the qualification certificate (資格確認書) or the Mynaportal eligibility screen (マイナポータル). The certificate is renewed at the municipal office."),
        ],
        VerificationStatuses.CardRead => [Say("次の対応: 本人確認をしてください（目視 または 暗証番号）。", "Next: check the patient's identity (visual 目視, or PIN 暗証番号).")],
        VerificationStatuses.IdentityVerified => [Say("次の対応: 資格を照会してください。", "Next: look up the eligibility.")],
        VerificationStatuses.NotStarted => [Say("次の対応: マイナンバーカードを読み取ってください。", "Next: read the patient's My Number card.")],
        VerificationStatuses.Confirmed or VerificationStatuses.ConfirmedByFallback => [],
        _ => string.IsNullOrEmpty(check.NextStep) ? [] : [check.NextStep],
    };

    /// <summary>資格情報なし / 資格（無効）: the documents that still confirm eligibility, and what the patient pays without one.</summary>
    private string[] FallbackDocuments() =>
    [
        Say("次の対応: 次のいずれかで資格を確認してください。", "Next: confirm the eligibility with one of these:"),
        Say("・資格確認書", "- the qualification certificate (資格確認書)"),
        Say("・マイナポータルの資格情報画面（またはそのPDF）とマイナンバーカード", "- the Mynaportal eligibility screen or its PDF (マイナポータル), with the My Number card"),
        Say("・資格情報のお知らせとマイナンバーカード", "- the eligibility notice (資格情報のお知らせ), with the My Number card"),
        Say("・以前の受療で資格情報が分かっている場合は、口頭での事後確認（翌月末まで）",
            "- if a past visit's record holds the eligibility, an oral follow-up (事後確認, until the end of next month)"),
        Say("確認できない場合は、患者に適切な自己負担分（3割分等）の支払いを求めてください。",
            "If none of these confirms it, the patient pays the proper share of the fee (e.g. 30%, 3割分)."),
    ];

    private string[] LookupFailed(string? reason)
    {
        var lines = new List<string>
        {
            Say("次の対応: 国の資格確認システムから回答がありませんでした。翌月末まで再照会できます。今すぐ確認する場合は、資格確認書、または資格情報のお知らせとマイナンバーカードなどで確認してください。",
                "Next: the national eligibility system did not answer. The lookup can be retried until the end of next month (翌月末). To confirm now, use the qualification certificate (資格確認書), or the eligibility notice (資格情報のお知らせ) with the My Number card."),
        };
        if (!string.IsNullOrEmpty(reason)) lines.Add(Say($"（詳細: {reason}）", $"(Detail: {reason})"));
        return [.. lines];
    }
}
