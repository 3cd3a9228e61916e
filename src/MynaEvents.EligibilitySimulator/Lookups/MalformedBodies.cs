using System.Text;
using System.Text.Json;
using MynaEvents.EligibilitySimulator.Faults;
using MynaEvents.EligibilitySimulator.Persons;

namespace MynaEvents.EligibilitySimulator.Lookups;

/// <summary>Bodies that a client must refuse although they come with a 200.</summary>
internal static class MalformedBodies
{
    public static IResult For(MalformedKind kind, SimulatedPerson answer, JsonSerializerOptions json)
    {
        // The field-level kinds need an answer with fields; "資格情報なし" has none to spoil.
        if (answer.InsurerNumber is null && kind is MalformedKind.WrongCheckDigit or MalformedKind.LongBranchNumber or MalformedKind.UnknownRatio)
            kind = MalformedKind.MissingFields;

        return kind switch
        {
            MalformedKind.NotJson => Results.Text("<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html", Encoding.UTF8, StatusCodes.Status200OK),
            MalformedKind.Truncated => Truncated(answer, json),
            MalformedKind.MissingFields => Results.Text("{\"qualificationValidity\":\"1\"}", "application/json", Encoding.UTF8),
            MalformedKind.WrongCheckDigit => Results.Json(answer with { InsurerNumber = WrongCheckDigit(answer.InsurerNumber!) }, json),
            MalformedKind.LongBranchNumber => Results.Json(answer with { InsuredBranchNumber = "0" + answer.InsuredBranchNumber }, json),
            MalformedKind.UnknownRatio => Results.Json(answer with { InsuredPartialContributionRatio = "035" }, json),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown malformed kind."),
        };
    }

    private static IResult Truncated(SimulatedPerson answer, JsonSerializerOptions json)
    {
        var whole = JsonSerializer.Serialize(answer, json);
        return Results.Text(whole[..(whole.Length / 2)], "application/json", Encoding.UTF8);
    }

    private static string WrongCheckDigit(string number) =>
        number[..^1] + (char)('0' + (number[^1] - '0' + 1) % 10);
}
