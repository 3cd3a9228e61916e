using MynaEvents.Domain.Decisions;

namespace MynaEvents.Domain.Tenancy;

/// <summary>
/// Names and addresses shown to people: required, trimmed, bounded, without control
/// characters (they would corrupt logs, CSV exports and the receipt software's screens).
/// </summary>
public static class DisplayText
{
    public const int NameMaxLength = 200;
    public const int AddressMaxLength = 300;

    public static DomainRejection? Problem(string field, string? text, int maxLength, string what)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0) return new(field, "required", $"is required: {what}");
        if (value.Length > maxLength) return new(field, "too_long", $"must be at most {maxLength} characters");
        if (value.Any(char.IsControl)) return new(field, "control_characters", "must not contain control characters such as line breaks");
        return null;
    }

    /// <summary>Like <see cref="Problem"/>, but an absent value is fine.</summary>
    public static DomainRejection? OptionalProblem(string field, string? text, int maxLength) =>
        string.IsNullOrWhiteSpace(text) ? null : Problem(field, text, maxLength, field);

    public static string Normalize(string text) => text.Trim();

    public static string? NormalizeOptional(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
