namespace MynaEvents.Domain.Verification;

/// <summary>
/// 保険者番号: the insurer's number. Eight digits for employee insurance and the elderly
/// (法別番号 2 + 都道府県番号 2 + 保険者別番号 3 + 検証番号 1), six digits for National Health
/// Insurance (都道府県番号 2 + 保険者別番号 3 + 検証番号 1). Both end in a check digit.
/// </summary>
public static class InsurerNumber
{
    /// <summary>Null when valid; otherwise the rule that failed, for an error message.</summary>
    public static string? Problem(string? value) => value switch
    {
        null or "" => "is required",
        _ when !value.All(char.IsAsciiDigit) => "must be 6 or 8 ASCII digits",
        { Length: 6 or 8 } when CheckDigit(value.AsSpan(0, value.Length - 1)) == value[^1] - '0' => null,
        { Length: 6 or 8 } => "has a wrong check digit (検証番号)",
        _ => "must be 6 digits (国民健康保険) or 8 digits, each ending in a check digit (検証番号)",
    };

    public static bool IsValid(string? value) => Problem(value) is null;

    /// <summary>
    /// 検証番号: weights 2,1,2,1,… from the rightmost digit of the body (the first seven digits
    /// of an eight-digit number, the first five of a six-digit one); add the digits of each
    /// product; the check digit is (10 − sum mod 10) mod 10. 3312001 → 5, 13101 → 1.
    /// </summary>
    public static int CheckDigit(ReadOnlySpan<char> body)
    {
        if (body.Length is not (5 or 7) || body.IndexOfAnyExceptInRange('0', '9') >= 0)
            throw new ArgumentException("The check digit is computed over five or seven ASCII digits.", nameof(body));
        var sum = 0;
        for (var i = 0; i < body.Length; i++)
        {
            var digit = body[body.Length - 1 - i] - '0';
            var product = digit * (i % 2 == 0 ? 2 : 1);
            sum += product / 10 + product % 10;
        }
        return (10 - sum % 10) % 10;
    }
}
