namespace MynaEvents.VirtualCard;

/// <summary>The 12-digit individual number (個人番号): 11 digits and a check digit.</summary>
internal static class IndividualNumber
{
    /// <summary>
    /// The check digit of the first 11 digits: digit n counted from the right (n = 1..11) is
    /// weighted n + 1 for n ≤ 6 and n − 5 above; a weighted sum leaving 0 or 1 modulo 11 gives
    /// 0, any other remainder r gives 11 − r.
    /// </summary>
    public static int CheckDigit(ReadOnlySpan<char> firstEleven)
    {
        if (firstEleven.Length != 11 || !IsAsciiDigits(firstEleven))
            throw new ArgumentException("An individual number's check digit is computed over exactly 11 ASCII digits.", nameof(firstEleven));
        var sum = 0;
        for (var n = 1; n <= 11; n++)
        {
            var digit = firstEleven[11 - n] - '0';
            sum += digit * (n <= 6 ? n + 1 : n - 5);
        }
        var remainder = sum % 11;
        return remainder <= 1 ? 0 : 11 - remainder;
    }

    public static bool IsValid(string number) =>
        number.Length == 12 && IsAsciiDigits(number) && CheckDigit(number.AsSpan(0, 11)) == number[11] - '0';

    public static bool IsAsciiDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }
        return true;
    }
}
