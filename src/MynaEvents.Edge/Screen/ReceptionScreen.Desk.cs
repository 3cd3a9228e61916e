namespace MynaEvents.Edge.Screen;

// The reception desk's own prompts around a check: waiting for the card, giving it back, and a
// PIN entry the patient did not finish.
public sealed partial class ReceptionScreen
{
    /// <summary>Shown while the desk waits for the next patient's card.</summary>
    public string WaitingForCard() => Say(
        "マイナンバーカードをカードリーダーに置いてください。",
        "Please place the My Number card on the card reader.");

    /// <summary>The card's part is over: the patient takes the card back (staff do not handle it).</summary>
    public string TakeCardBack() => Say(
        "読み取りが終わりました。カードをお取りください。",
        "The card has been read. Please take your card back.");

    /// <summary>The PIN entry was cancelled or not finished in time; the check can go on with 目視.</summary>
    public string PinDeclined() => Say(
        "暗証番号の入力が中止されました。目視による本人確認に切り替えるか、もう一度カードを置いてやり直してください。",
        "PIN entry was cancelled. Switch to a visual identity check (目視), or place the card again to retry.");
}
