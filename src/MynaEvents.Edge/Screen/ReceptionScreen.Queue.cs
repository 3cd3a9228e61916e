using MynaEvents.Edge.Queue;

namespace MynaEvents.Edge.Screen;

// The offline queue as reception sees it: checks waiting for the server, and ones it refused.
public sealed partial class ReceptionScreen
{
    /// <summary>確認待ち: the server is unreachable; the check is kept on this device and sent automatically.</summary>
    public string Pending(int waiting) => Say(
        $"【確認待ち】サーバーに接続できません。確認内容はこの端末に保存されており、接続が戻ると自動で送信されます。（送信待ち {Number(waiting)}件）",
        $"[Pending] The server cannot be reached. The check is saved on this device and will be sent automatically when the connection is back ({Number(waiting)} waiting).");

    /// <summary>A queued command the server refused: which step, when, the server's reason, and what to do.</summary>
    public string Refused(RefusedCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var step = command.Kind switch
        {
            QueuedCommandKind.CardRead => Say("カード読取", "card read"),
            QueuedCommandKind.Identity => Say("本人確認", "identity check"),
            QueuedCommandKind.Lookup => Say("資格照会", "eligibility lookup"),
            _ => command.Kind.ToString(),
        };
        var when = $"{Date(command.EnqueuedAt)} {Time(command.EnqueuedAt)}";
        return Lines(
        [
            Say($"【送信できなかった確認】{when}の{step}をサーバーが受け付けませんでした。",
                $"[Not accepted] The server refused the {step} made at {when}."),
            Say($"理由: {command.Reason}", $"Reason: {command.Reason}"),
            Say("次の対応: カードの読み取りからやり直すか、資格確認書などの書類で資格を確認してください。",
                "Next: start the check again from the card read, or confirm the eligibility with a document such as the qualification certificate (資格確認書)."),
        ]);
    }
}
