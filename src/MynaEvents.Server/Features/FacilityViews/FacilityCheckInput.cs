using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>Validates the query of a facility's view; each error names its parameter and the rule.</summary>
internal static class FacilityCheckInput
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 500;
    private const int MaxKanaPrefix = 50;

    /// <summary>The outcomes a check can stand at, as the reception check names them.</summary>
    public static readonly IReadOnlySet<string> Outcomes = new HashSet<string>(StringComparer.Ordinal)
    {
        "card_read", "certificate_beyond_grace", "identity_verified", "confirmed", "not_found", "invalid", "lookup_failed", "confirmed_by_fallback",
    };

    public static (FacilityCheckSearch? Search, Dictionary<string, string[]> Errors) Parse(string? from, string? to, string? kanaPrefix, string? outcome, string? limit)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var fromDate = ParseDate("from", from, errors);
        var toDate = ParseDate("to", to, errors);
        if (fromDate > toDate) errors["to"] = ["must not be before from"];

        string? prefix = null;
        if (kanaPrefix is not null)
        {
            prefix = KanaFolding.Fold(kanaPrefix);
            if (prefix.Length == 0 || prefix.Length > MaxKanaPrefix || !KanaFolding.IsKatakana(prefix))
                errors["kanaPrefix"] = [$"must be 1 to {MaxKanaPrefix} kana (katakana, full or half width, or hiragana)"];
        }

        if (outcome is not null && !Outcomes.Contains(outcome))
            errors["outcome"] = [$"must be one of {string.Join(", ", Outcomes.Order(StringComparer.Ordinal))}"];

        var count = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
            errors["limit"] = [$"must be a whole number from 1 to {MaxLimit}"];

        return errors.Count > 0 ? (null, errors) : (new FacilityCheckSearch(fromDate, toDate, prefix, outcome, count), errors);
    }

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The query was refused", extensions: new Dictionary<string, object?> { ["field"] = errors.Keys.First() });

    public static ProblemHttpResult Forbidden(string field, string rule) =>
        TypedResults.Problem(title: "Not allowed for this facility", detail: $"{field}: {rule}",
            statusCode: StatusCodes.Status403Forbidden, extensions: new Dictionary<string, object?> { ["field"] = field });

    public static ProblemHttpResult NotFound(string verificationId) =>
        TypedResults.Problem(title: "Check not found", detail: $"verificationId: no check '{verificationId}' in this facility's view (or its 翌月末 has passed)",
            statusCode: StatusCodes.Status404NotFound, extensions: new Dictionary<string, object?> { ["field"] = "verificationId" });

    private static DateOnly? ParseDate(string field, string? value, Dictionary<string, string[]> errors)
    {
        if (value is null) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors[field] = ["must be a treatment date as yyyy-MM-dd"];
        return null;
    }
}
