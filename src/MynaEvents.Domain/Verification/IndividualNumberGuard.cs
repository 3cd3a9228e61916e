namespace MynaEvents.Domain.Verification;

/// <summary>
/// 個人番号 (the 12-digit individual number) must never be read, stored or logged. Commands
/// are refused when any value in them looks like one: twelve digits (spaces and hyphens
/// ignored) whose last digit is a valid 個人番号 check digit. The check digit keeps other
/// twelve-digit values from being refused by accident without letting a real number through.
/// </summary>
public static class IndividualNumberGuard
{
    public static bool LooksLikeOne(string? value)
    {
        if (value is null || value.Length < 12 || value.Length > 20) return false;
        Span<int> digits = stackalloc int[12];
        var count = 0;
        foreach (var c in value)
        {
            if (c is ' ' or '-' or '\u3000' or '\u2010' or '\u2212') continue;
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= '０' and <= '９' => c - '０', // full-width digits
                _ => -1,
            };
            if (digit < 0 || count == 12) return false;
            digits[count++] = digit;
        }
        return count == 12 && CheckDigit(digits[..11]) == digits[11];
    }

    /// <summary>
    /// Whether free text holds one somewhere: a run of exactly twelve digits (single spaces or
    /// hyphens between them allowed, as people write it in groups of four) with a valid check
    /// digit, e.g. "番号 1234 5678 9018". Longer runs of digits are not one.
    /// </summary>
    public static bool ContainsOne(string? text)
    {
        if (text is null || text.Length < 12) return false;
        Span<int> digits = stackalloc int[13];
        var count = 0;
        var separatorBefore = false;
        foreach (var c in text.Append('\0'))
        {
            var digit = DigitOf(c);
            if (digit >= 0)
            {
                if (count < digits.Length) digits[count] = digit;
                count++;
                separatorBefore = false;
                continue;
            }
            if (IsSeparator(c) && count > 0 && !separatorBefore)
            {
                separatorBefore = true;
                continue;
            }
            if (count == 12 && CheckDigit(digits[..11]) == digits[11]) return true;
            count = 0;
            separatorBefore = false;
        }
        return false;
    }

    private static bool IsSeparator(char c) => c is ' ' or '-' or '\u3000' or '\u2010' or '\u2212';

    private static int DigitOf(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= '０' and <= '９' => c - '０',
        _ => -1,
    };

    /// <summary>
    /// The 個人番号 check digit: with P(n) the n-th of the first eleven digits counted from the
    /// right and Q(n) = n + 1 for n ≤ 6, n − 5 for n ≥ 7, r = Σ P(n)·Q(n) mod 11; the check
    /// digit is 0 when r ≤ 1, else 11 − r.
    /// </summary>
    public static int CheckDigit(ReadOnlySpan<int> firstEleven)
    {
        var sum = 0;
        for (var n = 1; n <= 11; n++)
        {
            var p = firstEleven[11 - n];
            var q = n <= 6 ? n + 1 : n - 5;
            sum += p * q;
        }
        var remainder = sum % 11;
        return remainder <= 1 ? 0 : 11 - remainder;
    }
}
