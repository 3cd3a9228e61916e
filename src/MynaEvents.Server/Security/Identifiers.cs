using System.Text.RegularExpressions;

namespace MynaEvents.Server.Security;

/// <summary>The shape of tenant, facility, device and person ids (the same rule as stream ids).</summary>
internal static partial class Identifiers
{
    public const string Rule = "must be 1–200 characters of letters, digits, '.', '_', ':' or '-', starting with a letter or digit";

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")]
    private static partial Regex Pattern();
}
