using MynaEvents.Edge.Jpki;

namespace MynaEvents.Edge.Screen;

// Card and reader trouble, one message per CardProblem, each telling staff what to do.
public sealed partial class ReceptionScreen
{
    /// <summary>The message for a card or reader problem; <paramref name="triesLeft"/> completes <see cref="Jpki.CardProblem.WrongPin"/>.</summary>
    public string CardProblem(CardProblem problem, int? triesLeft = null) => problem switch
    {
        Jpki.CardProblem.NoService => Say(
            "カードリーダーのサービス（PC/SC）が動いていません。パソコンを再起動し、直らない場合は管理者に連絡してください。",
            "The smart-card service (PC/SC) is not running. Restart the computer; if that does not help, contact the administrator."),
        Jpki.CardProblem.NoReader => Say(
            "カードリーダーが見つかりません。カードリーダーの接続（USBケーブル、Bluetooth）を確認してください。",
            "No card reader found. Check the reader's connection (USB cable or Bluetooth)."),
        Jpki.CardProblem.ReaderUnplugged => Say(
            "読み取り中にカードリーダーが外れました。接続し直してから、もう一度カードを置いてください。",
            "The card reader was disconnected during the read. Connect it again, then place the card again."),
        Jpki.CardProblem.NoCard => Say(
            "カードが置かれていません。マイナンバーカードをカードリーダーに置いてください。",
            "No card on the reader. Place the My Number card on the reader."),
        Jpki.CardProblem.CardRemoved => Say(
            "読み取り中にカードが離れました。読み取りが終わるまでカードを置いたまま、もう一度お試しください。",
            "The card was moved away during the read. Place it again and keep it still until the read is finished."),
        Jpki.CardProblem.NotMyNumberCard => Say(
            "マイナンバーカードとして読み取れませんでした。マイナンバーカードかどうか確認して、置き直してください。",
            "This card could not be read as a My Number card. Check that it is one, and place it again."),
        Jpki.CardProblem.WrongPin => triesLeft is { } left ? WrongPin(left) : Say("暗証番号が違います。", "Wrong PIN."),
        Jpki.CardProblem.PinBlocked => PinBlocked(),
        Jpki.CardProblem.TruncatedResponse => Say(
            "カードの応答が途中で切れました。カードを置き直して、もう一度お試しください。",
            "The card's answer was cut off. Place the card again and retry."),
        Jpki.CardProblem.UnexpectedStatus => Say(
            "カードから想定外の応答がありました。カードを置き直して、もう一度お試しください。続く場合は資格確認書などの書類で資格を確認してください。",
            "The card gave an unexpected answer. Place the card again and retry; if it keeps happening, confirm the eligibility with a document such as the qualification certificate (資格確認書)."),
        Jpki.CardProblem.Timeout => Say(
            "カードから応答がありません（時間切れ）。カードをいったんリーダーから離し、置き直してから、読み取りが終わるまで動かさずにお待ちください。続く場合はカードリーダーを接続し直すか、資格確認書などの書類で資格を確認してください。",
            "The card stopped answering (timed out). Take the card off the reader, place it again, and keep it still until the read is finished. If it keeps happening, reconnect the reader, or confirm the eligibility with a document such as the qualification certificate (資格確認書)."),
        Jpki.CardProblem.CardUnresponsive => Say(
            "カードを読み取れませんでした。カードの向きと位置を確かめて、カードリーダーに置き直してください。",
            "The card could not be read. Check that it faces the right way and sits on the reader, then place it again."),
        Jpki.CardProblem.ReaderError => Say(
            "カードリーダーでエラーが起きました。リーダーを接続し直してお試しください。続く場合は管理者に連絡してください。",
            "The card reader reported an error. Reconnect the reader and retry; if it keeps happening, contact the administrator."),
        Jpki.CardProblem.NoChallenge => Say(
            "サーバーに接続できず、暗証番号用の確認コードも残っていません。目視で本人確認してください。",
            "The server is out of reach and no PIN challenge is left on this device. Check the patient's identity visually (目視) instead."),
        _ => GenericCardProblem(problem),
    };

    /// <summary>The message for a card or reader failure: a configured reader that is missing is named, with the readers that are there.</summary>
    public string CardProblem(CardException failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return failure is { Problem: Jpki.CardProblem.NoReader, ConfiguredReader: { } configured }
            ? ReaderNotFound(configured, failure.ConnectedReaders)
            : CardProblem(failure.Problem, failure.TriesLeft);
    }

    /// <summary>The configured reader (--reader) is not connected: which one, and the names of the connected readers.</summary>
    public string ReaderNotFound(string configured, IReadOnlyList<string> connected)
    {
        ArgumentNullException.ThrowIfNull(connected);
        var names = connected.Count == 0 ? Say("なし", "none") : string.Join(Say("、", ", "), connected.Select(n => Say($"「{n}」", $"'{n}'")));
        return Lines(
        [
            Say($"設定されたカードリーダー「{configured}」が見つかりません。", $"The configured card reader '{configured}' is not connected."),
            Say($"接続されているカードリーダー: {names}", $"Connected card readers: {names}"),
            Say("リーダーの接続を確認するか、設定（--reader / MYNA_EDGE_READER）を上のいずれかの名前に直してください。",
                "Check the reader's connection, or set --reader (MYNA_EDGE_READER) to one of the names above."),
        ]);
    }

    /// <summary>For a problem without its own message yet: the screen still tells staff something they can do.</summary>
    internal string GenericCardProblem(CardProblem problem) => Say(
        $"カードの読み取りで問題が起きました（{problem}）。カードを置き直して、もう一度お試しください。続く場合は資格確認書などの書類で資格を確認してください。",
        $"The card could not be read ({problem}). Place the card again and retry; if it keeps happening, confirm the eligibility with a document such as the qualification certificate (資格確認書).");
}
