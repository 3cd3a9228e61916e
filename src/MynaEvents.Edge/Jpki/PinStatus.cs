namespace MynaEvents.Edge.Jpki;

/// <summary>
/// The PIN counter as read before asking for the PIN (reading it spends no try).
/// </summary>
/// <param name="AlreadyVerified">The PIN was already verified in this card session (the card answered 90 00).</param>
/// <param name="TriesLeft">Tries left, 1–3; null when already verified (the card does not say then).</param>
public readonly record struct PinStatus(bool AlreadyVerified, int? TriesLeft)
{
    /// <summary>One try left: warn the patient before they type, as a wrong PIN now blocks the card.</summary>
    public bool IsLastTry => TriesLeft == 1;
}
