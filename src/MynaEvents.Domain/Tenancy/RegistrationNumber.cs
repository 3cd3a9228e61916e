using System.Buffers;
using MynaEvents.Domain.Decisions;

namespace MynaEvents.Domain.Tenancy;

/// <summary>
/// 登録記号番号: the registration symbol and number held by the facility's manager (施術管理者)
/// under the delegated-receipt (受領委任) contract; the portal confirms a facility by it.
/// </summary>
/// <remarks>
/// We check a plausible shape, not the regional bureaus' exact scheme (which we do not
/// have): after trimming, 1–32 ASCII letters, digits and hyphens, starting and ending with a
/// letter or digit, with at least one digit. Letters are stored upper-case so that the same
/// number typed twice compares equal.
/// </remarks>
public static class RegistrationNumber
{
    public const int MaxLength = 32;

    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-");

    public static DomainRejection? Problem(string? text, string field = "registrationNumber")
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
            return new(field, "required", "is required: the facility's registration number (登録記号番号)");
        if (value.Length > MaxLength)
            return new(field, "registration_number_format", $"must be at most {MaxLength} characters");
        if (value.AsSpan().IndexOfAnyExcept(Allowed) >= 0)
            return new(field, "registration_number_format", "may contain only ASCII letters, digits and hyphens");
        if (value[0] == '-' || value[^1] == '-')
            return new(field, "registration_number_format", "must start and end with a letter or a digit");
        if (!value.Any(char.IsAsciiDigit))
            return new(field, "registration_number_format", "must contain at least one digit");
        return null;
    }

    /// <summary>The stored form of a number that passed <see cref="Problem"/>.</summary>
    public static string Normalize(string text) => text.Trim().ToUpperInvariant();
}
