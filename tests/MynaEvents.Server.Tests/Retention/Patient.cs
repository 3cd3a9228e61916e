using System.Globalization;
using System.Security.Cryptography;
using MynaEvents.EligibilitySimulator.Persons;
using MynaEvents.Server.Tests.EligibilityGateway;

namespace MynaEvents.Server.Tests.Retention;

/// <summary>
/// A patient whose every personal field is unique to one test, so finding any of them in the
/// database can only mean that test's data was kept. Random letters avoid 0-9a-f: nothing
/// else in a row (UUIDs, hashes, hex) can spell them by chance.
/// </summary>
public sealed record Patient(string Name, string NameKana, DateOnly BirthDate, string Symbol, string Number)
{
    private const string Letters = "ghjkmnpqrstvwxyz";
    private const string Katakana = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモ";

    public static Patient New() => new(
        Name: "試験\u3000" + Pick(Letters, 8),
        NameKana: "シケン\u3000" + Pick(Katakana, 8),
        BirthDate: new DateOnly(1931, 1, 1).AddDays(RandomNumberGenerator.GetInt32(25_000)),
        Symbol: "記号" + Pick(Letters, 8),
        Number: "9" + RandomNumberGenerator.GetInt32(10_000_000).ToString("D7", CultureInfo.InvariantCulture));

    public SimulatedPerson AsSimulated() => SimulatorFixture.SamplePerson() with
    {
        Name = Name,
        NameKana = NameKana,
        BirthDate = BirthDate,
        InsuredCardSymbol = Symbol,
        InsuredIdentificationNumber = Number,
    };

    /// <summary>Every spelling that must be gone from the database after the sweep.</summary>
    public string[] Traces() =>
    [
        Name, NameKana, Symbol, Number,
        BirthDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        BirthDate.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
    ];

    private static string Pick(string alphabet, int length) =>
        string.Concat(Enumerable.Range(0, length).Select(_ => alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)]));
}
