namespace MynaEvents.EligibilitySimulator.Persons;

/// <summary>
/// 保険者番号 check digit. Deliberately a small private copy: the domain's own InsurerNumber value
/// object lives in MynaEvents.Domain, and the simulator must not depend on the code it stands
/// in front of.
/// </summary>
internal static class InsurerNumbers
{
    /// <summary>
    /// Weights 2,1,2,1,… from the rightmost digit of the body; the digits of each product are
    /// summed; check = (10 − sum mod 10) mod 10. The 8-digit form has a 7-digit body
    /// (3312001 → 33120015); the 6-digit 国民健康保険 form applies the same rule to 5 digits.
    /// </summary>
    public static int CheckDigit(ReadOnlySpan<char> body)
    {
        var sum = 0;
        var weight = 2;
        for (var i = body.Length - 1; i >= 0; i--)
        {
            if (!char.IsAsciiDigit(body[i])) throw new ArgumentException("An insurer number body has only digits.", nameof(body));
            var product = (body[i] - '0') * weight;
            sum += product / 10 + product % 10;
            weight = weight == 2 ? 1 : 2;
        }
        return (10 - sum % 10) % 10;
    }

    public static string WithCheckDigit(string body) => body + (char)('0' + CheckDigit(body));

    public static bool IsValid(string? number) =>
        number is { Length: 8 or 6 } && number.All(char.IsAsciiDigit) && CheckDigit(number.AsSpan(0, number.Length - 1)) == number[^1] - '0';
}
