namespace MynaEvents.Edge.Jpki;

/// <summary>A card's answer split into data and status word.</summary>
internal readonly struct ResponseApdu
{
    public ResponseApdu(byte[] data, ushort statusWord)
    {
        Data = data;
        StatusWord = statusWord;
    }

    public byte[] Data { get; }

    /// <summary>SW1 SW2, e.g. 0x9000.</summary>
    public ushort StatusWord { get; }

    public byte Sw1 => (byte)(StatusWord >> 8);
    public byte Sw2 => (byte)StatusWord;
    public bool IsSuccess => StatusWord == StatusWords.Success;

    /// <summary>Splits a raw answer; fewer than two bytes is a <see cref="CardProblem.TruncatedResponse"/>.</summary>
    public static ResponseApdu Parse(ReadOnlySpan<byte> raw)
    {
        if (raw.Length < 2)
            throw new CardException(CardProblem.TruncatedResponse,
                $"The card answered with {raw.Length} byte(s), without the two status bytes; it was probably taken out.");
        return new ResponseApdu(raw[..^2].ToArray(), (ushort)((raw[^2] << 8) | raw[^1]));
    }
}
