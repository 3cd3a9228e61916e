namespace MynaEvents.VirtualCard;

/// <summary>
/// A command APDU split into header, data and expected length, following the four ISO 7816-3
/// cases in their short and extended forms. It is a view over the caller's bytes: the data
/// field (a PIN, for VERIFY) is never copied.
/// </summary>
internal readonly ref struct CommandApdu
{
    private CommandApdu(ReadOnlySpan<byte> apdu, ReadOnlySpan<byte> data, int? ne, bool neIsMaximum, bool extended)
    {
        Cla = apdu[0];
        Ins = apdu[1];
        P1 = apdu[2];
        P2 = apdu[3];
        Data = data;
        Ne = ne;
        NeIsMaximum = neIsMaximum;
        Extended = extended;
    }

    public byte Cla { get; }
    public byte Ins { get; }
    public byte P1 { get; }
    public byte P2 { get; }

    /// <summary>The command data field; empty when there is no Lc.</summary>
    public ReadOnlySpan<byte> Data { get; }

    /// <summary>Bytes expected in the response (Le decoded); null when there is no Le field.</summary>
    public int? Ne { get; }

    /// <summary>
    /// Whether Le was all zeros (short 00 = 256, extended 0000 = 65536): "as much as there is, up
    /// to that", so a shorter answer is complete, not an early end of file.
    /// </summary>
    public bool NeIsMaximum { get; }

    /// <summary>Whether Lc/Le used the extended-length (3-byte / 2-byte) encoding.</summary>
    public bool Extended { get; }

    /// <summary>Splits a command; false when its length fits none of the ISO cases.</summary>
    public static bool TryParse(ReadOnlySpan<byte> apdu, out CommandApdu command)
    {
        command = default;
        if (apdu.Length < 4)
            return false;
        var body = apdu[4..];

        if (body.IsEmpty)
        {
            command = new CommandApdu(apdu, [], null, false, false);
            return true;
        }
        if (body.Length == 1)
        {
            command = new CommandApdu(apdu, [], ShortNe(body[0]), body[0] == 0, false);
            return true;
        }
        if (body[0] != 0)
        {
            var lc = body[0];
            if (body.Length == 1 + lc)
            {
                command = new CommandApdu(apdu, body.Slice(1, lc), null, false, false);
                return true;
            }
            if (body.Length == 2 + lc)
            {
                var le = body[1 + lc];
                command = new CommandApdu(apdu, body.Slice(1, lc), ShortNe(le), le == 0, false);
                return true;
            }
            return false;
        }

        // A leading 00 marks the extended forms: 00 Le Le alone, or 00 Lc Lc data [Le Le].
        if (body.Length < 3)
            return false;
        var value = (body[1] << 8) | body[2];
        if (body.Length == 3)
        {
            command = new CommandApdu(apdu, [], ExtendedNe(value), value == 0, true);
            return true;
        }
        if (value == 0)
            return false;
        if (body.Length == 3 + value)
        {
            command = new CommandApdu(apdu, body.Slice(3, value), null, false, true);
            return true;
        }
        if (body.Length == 5 + value)
        {
            var le = (body[3 + value] << 8) | body[4 + value];
            command = new CommandApdu(apdu, body.Slice(3, value), ExtendedNe(le), le == 0, true);
            return true;
        }
        return false;
    }

    private static int ShortNe(byte le) => le == 0 ? 256 : le;

    private static int ExtendedNe(int le) => le == 0 ? 65536 : le;
}
