using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using MynaEvents.Domain.Verification;

namespace MynaEvents.Server.Features.AuditorReplay;

/// <summary>Validates auditor replay queries; each error names its parameter and the rule.</summary>
internal static class AuditorReplayInput
{
    public const int MaxRangeDays = 92;

    private const string InstantRule = "must be an instant with its UTC offset (e.g. 2026-05-01T09:00:00+09:00) or a date yyyy-MM-dd (a whole day in Japan)";

    /// <summary>[from, to): a date as <paramref name="to"/> includes that whole day in Japan.</summary>
    public static (DateTimeOffset From, DateTimeOffset To, Dictionary<string, string[]> Errors) ParseRange(string? from, string? to)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var start = Parse("from", from, endOfDay: false, errors);
        var end = Parse("to", to, endOfDay: true, errors);
        if (start is { } s && end is { } e)
        {
            if (e <= s) errors["to"] = ["must be after from"];
            else if (e - s > TimeSpan.FromDays(MaxRangeDays)) errors["to"] = [$"must be at most {MaxRangeDays} days after from: ask for a longer period in parts"];
        }
        return (start ?? default, end ?? default, errors);
    }

    public static (DateTimeOffset At, Dictionary<string, string[]> Errors) ParseAt(string? at, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var instant = Parse("at", at, endOfDay: false, errors);
        if (instant > now) errors["at"] = ["must not be in the future: the log holds only what has happened"];
        return (instant ?? default, errors);
    }

    public static ValidationProblem Invalid(Dictionary<string, string[]> errors) =>
        TypedResults.ValidationProblem(errors, title: "The query was refused", extensions: new Dictionary<string, object?> { ["field"] = errors.Keys.First() });

    private static DateTimeOffset? Parse(string field, string? value, bool endOfDay, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = ["is required: " + InstantRule];
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var day = endOfDay ? date.AddDays(1) : date;
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), JapanTime.Offset);
        }
        // An instant must say its offset: a bare local time would be read differently by every server.
        if (value.Contains('T', StringComparison.Ordinal) && HasOffset(value)
            && DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
            return instant;
        errors[field] = [InstantRule];
        return null;
    }

    private static bool HasOffset(string value)
    {
        if (value.EndsWith('Z') || value.EndsWith('z')) return true;
        var time = value[(value.IndexOf('T', StringComparison.Ordinal) + 1)..];
        return time.Contains('+', StringComparison.Ordinal) || time.Contains('-', StringComparison.Ordinal);
    }
}
