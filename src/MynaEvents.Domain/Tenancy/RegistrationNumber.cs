using System.Text;
using MynaEvents.Domain.Decisions;

namespace MynaEvents.Domain.Tenancy;

/// <summary>
/// 登録記号番号: the registration symbol and number of the facility's manager (施術管理者)
/// under the delegated-receipt (受領委任) scheme; the portal confirms a facility by it.
/// </summary>
/// <remarks>
/// The symbol says how the manager joined the scheme: 契 for an individual contract (個人契約)
/// with the regional bureau and the prefecture, 協 for a group agreement (協定) through an
/// association. Seven digits follow (the first two are the prefecture's number on the numbers
/// we have seen, e.g. 契28… in Hyōgo; not checked, as we have no official statement of it).
/// Claim forms and approval notices may print two more hyphenated parts (契2804440-0-0);
/// they are accepted with one or two digits each and kept as typed. The same shape serves judo
/// and ahaki. Full-width digits and hyphens, and spaces, are normalised, so the number typed
/// from a Japanese document compares equal to the ASCII one. docs/adr/0029.
/// </remarks>
public static class RegistrationNumber
{
    /// <summary>A guard against pasted text: the longest real form is 契1234567-12-12 (15 characters).</summary>
    public const int MaxLength = 32;

    public const string IndividualContract = "契";
    public const string GroupAgreement = "協";

    public static DomainRejection? Problem(string? text, string field = "registrationNumber")
    {
        if (text is null || Normalize(text) is not { Length: > 0 } value)
            return new(field, "required", "is required: the facility's registration number (登録記号番号), e.g. 契1234567");
        if (value.Length > MaxLength || !HasRealForm(value))
            return new(field, "registration_number_format",
                "must be 契 (個人契約, individual contract) or 協 (協定, group agreement) followed by seven digits, " +
                "optionally with the two hyphenated parts printed on claim forms: e.g. 契1234567 or 協1234567-0-0");
        return null;
    }

    /// <summary>
    /// The stored form: trimmed, spaces removed, full-width digits and hyphen-like signs as
    /// ASCII. Applied before <see cref="Problem"/> checks the shape, so it never fails.
    /// </summary>
    public static string Normalize(string text)
    {
        var normalized = new StringBuilder(text.Length);
        foreach (var c in text.Trim().Trim('\u3000'))
        {
            switch (c)
            {
                case ' ' or '\u3000':
                    continue;
                case >= '０' and <= '９':
                    normalized.Append((char)('0' + (c - '０')));
                    break;
                case '－' or '‐' or '‑' or '–' or '—' or '−' or 'ー' or 'ｰ':
                    normalized.Append('-');
                    break;
                default:
                    normalized.Append(c);
                    break;
            }
        }
        return normalized.ToString();
    }

    private static bool HasRealForm(string value)
    {
        if (value.Length < 8 || value[..1] is not (IndividualContract or GroupAgreement)) return false;
        var digits = value.AsSpan(1, 7);
        if (digits.IndexOfAnyExceptInRange('0', '9') >= 0) return false;
        var rest = value.AsSpan(8);
        if (rest.IsEmpty) return true;
        // "-n-n": two more parts of one or two digits each.
        Span<Range> parts = stackalloc Range[4];
        if (rest[0] != '-' || rest[1..].Split(parts, '-') != 2) return false;
        foreach (var part in parts[..2])
        {
            var digitsOfPart = rest[1..][part];
            if (digitsOfPart.Length is < 1 or > 2 || digitsOfPart.IndexOfAnyExceptInRange('0', '9') >= 0) return false;
        }
        return true;
    }
}
