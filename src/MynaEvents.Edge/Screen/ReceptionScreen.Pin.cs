namespace MynaEvents.Edge.Screen;

// The PIN dialogue (暗証番号 mode). The card blocks after 3 wrong tries; a blocked PIN is reset
// only at the municipal office, so the last try is announced before it is spent.
public sealed partial class ReceptionScreen
{
    /// <summary>Asks the patient for the 4-digit PIN; with one try left, the warning comes with it.</summary>
    public string PinPrompt(int triesLeft)
    {
        if (triesLeft <= 0) return PinBlocked();
        var prompt = Say("暗証番号（数字4桁）を入力してください。", "Please enter the card's 4-digit PIN.");
        return triesLeft == 1
            ? Lines([prompt, LastTryWarning()])
            : Lines([prompt, Say($"（残り{Number(triesLeft)}回）", $"({Number(triesLeft)} tries left)")]);
    }

    /// <summary>Shown before the last try is spent.</summary>
    public string LastTryWarning() => Say(
        "ご注意: あと1回間違えるとロックされます。ロックされると、お住まいの市区町村の窓口で暗証番号の初期化が必要です。暗証番号に自信がない場合は、目視による本人確認に切り替えられます。",
        "Caution: one more wrong PIN will lock the card. A locked PIN can only be reset at the patient's municipal office. If the patient is not sure of the PIN, switch to a visual identity check (目視) instead.");

    /// <summary>The PIN was wrong; <paramref name="triesLeft"/> tries remain.</summary>
    public string WrongPin(int triesLeft)
    {
        if (triesLeft <= 0) return PinBlocked();
        var wrong = Say($"暗証番号が違います。残り{Number(triesLeft)}回です。", $"Wrong PIN. {Number(triesLeft)} {(triesLeft == 1 ? "try" : "tries")} left.");
        return triesLeft == 1 ? Lines([wrong, LastTryWarning()]) : wrong;
    }

    /// <summary>The PIN is blocked: where it is reset, and how today's check can still go on.</summary>
    public string PinBlocked() => Say(
        "暗証番号がロックされています。お住まいの市区町村の窓口で暗証番号の初期化（再設定）をしてください。本日は目視による本人確認に切り替えるか、資格確認書などの書類で資格を確認してください。",
        "The PIN is locked. The patient must have it reset at their municipal office (市区町村窓口で初期化). For today, switch to a visual identity check (目視), or confirm the eligibility with a document such as the qualification certificate (資格確認書).");
}
