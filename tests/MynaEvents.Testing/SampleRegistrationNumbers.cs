using System.Globalization;

namespace MynaEvents.Testing;

/// <summary>
/// 登録記号番号 for test facilities, in the real form: 契 (individual contract) and seven
/// digits. Every test that registers a facility takes its number from here.
/// </summary>
public static class SampleRegistrationNumbers
{
    /// <summary>A fresh number; two calls collide once in nine million.</summary>
    public static string Next() => Of(Random.Shared.Next(1_000_000, 10_000_000));

    /// <summary>A fixed number, for tests that register the same one twice.</summary>
    public static string Of(int sevenDigits) =>
        sevenDigits is >= 0 and <= 9_999_999
            ? "契" + sevenDigits.ToString("D7", CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(sevenDigits), sevenDigits, "A registration number has seven digits.");
}
