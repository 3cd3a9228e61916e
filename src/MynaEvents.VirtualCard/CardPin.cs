using System.Security.Cryptography;
using System.Text;

namespace MynaEvents.VirtualCard;

/// <summary>
/// One PIN of the card: its value and tries counter belong to the card, whether it has been
/// verified belongs to the card session (a reset, a power cycle or leaving the application
/// forgets it). A right PIN restores all tries; the last wrong one blocks it for good.
/// </summary>
internal sealed class CardPin(string value, int triesLeft, int maxTries, int minLength, int maxLength)
{
    private readonly byte[] _value = Encoding.ASCII.GetBytes(value);

    public int TriesLeft { get; private set; } = triesLeft;

    public bool Verified { get; private set; }

    /// <summary>VERIFY without data: 90 00 once verified in this session, else 63 Cx; 69 84 when blocked. Spends nothing.</summary>
    public ushort Status() =>
        TriesLeft == 0 ? StatusWords.PinBlocked
        : Verified ? StatusWords.Success
        : (ushort)(StatusWords.WrongPinTriesLeft | TriesLeft);

    /// <summary>VERIFY with a candidate: a length the PIN cannot have is refused (67 00) without spending a try.</summary>
    public ushort Verify(ReadOnlySpan<byte> candidate)
    {
        if (candidate.Length < minLength || candidate.Length > maxLength)
            return StatusWords.WrongLength;
        if (TriesLeft == 0)
            return StatusWords.PinBlocked;
        if (CryptographicOperations.FixedTimeEquals(candidate, _value))
        {
            TriesLeft = maxTries;
            Verified = true;
            return StatusWords.Success;
        }
        TriesLeft--;
        Verified = false;
        return (ushort)(StatusWords.WrongPinTriesLeft | TriesLeft);
    }

    /// <summary>The card session ended: the security status is lost, the counter stays.</summary>
    public void Forget() => Verified = false;
}
