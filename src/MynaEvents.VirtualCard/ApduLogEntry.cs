namespace MynaEvents.VirtualCard;

/// <summary>
/// One command the virtual card received. It holds the header and lengths only, never data
/// bytes (so never a PIN), except the identifier a SELECT named, which is what tests look for.
/// </summary>
/// <param name="Time">When the card received the command.</param>
/// <param name="Length">Bytes in the whole command APDU; a command shorter than its 4-byte header has the missing header bytes logged as 00.</param>
/// <param name="Lc">Bytes in the command data field; 0 when there is none.</param>
/// <param name="Ne">Bytes the command asked for (Le decoded: short 00 is 256, extended 0000 is 65536); null without an Le field.</param>
/// <param name="Extended">Whether the command used extended-length Lc/Le fields.</param>
/// <param name="SelectedId">For SELECT, the AID or FID named, in upper-case hex; otherwise null.</param>
/// <param name="StatusWord">The status word answered; null when the card answered no full status word (removed or truncated by a fault).</param>
public sealed record ApduLogEntry(
    DateTimeOffset Time,
    int Length,
    byte Cla,
    byte Ins,
    byte P1,
    byte P2,
    int Lc,
    int? Ne,
    bool Extended,
    string? SelectedId,
    ushort? StatusWord);
