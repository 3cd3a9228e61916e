namespace MynaEvents.EligibilitySimulator.Persons;

/// <summary>
/// The insurers the data set draws from. Numbers are built from real prefixes (法別番号 +
/// 都道府県番号) and get a computed check digit; union names are invented.
/// </summary>
internal static class SyntheticInsurers
{
    internal enum Kind { Employee, NationalHealth, LateElderly }

    internal sealed record Insurer(string Number, string Name, Kind Kind);

    public static readonly Insurer[] All =
    [
        // 01: 全国健康保険協会 (協会けんぽ); the brief's example 0113001 → 01130012.
        new(InsurerNumbers.WithCheckDigit("0113001"), "全国健康保険協会東京支部", Kind.Employee),
        new(InsurerNumbers.WithCheckDigit("0127001"), "全国健康保険協会大阪支部", Kind.Employee),
        // 06: 健康保険組合 (invented unions).
        new(InsurerNumbers.WithCheckDigit("0613052"), "みなと精機健康保険組合", Kind.Employee),
        new(InsurerNumbers.WithCheckDigit("0627118"), "なにわ物産健康保険組合", Kind.Employee),
        // 31–34: 共済組合; 3312001 → 33120015 is the brief's other example.
        new(InsurerNumbers.WithCheckDigit("3312001"), "架空地方共済組合", Kind.Employee),
        new(InsurerNumbers.WithCheckDigit("3113001"), "架空職員共済組合", Kind.Employee),
        // 6 digits: 市町村国保, the same check digit over five digits (13101 → 131011).
        new(InsurerNumbers.WithCheckDigit("13101"), "千代田区国民健康保険", Kind.NationalHealth),
        new(InsurerNumbers.WithCheckDigit("13104"), "新宿区国民健康保険", Kind.NationalHealth),
        new(InsurerNumbers.WithCheckDigit("27100"), "大阪市国民健康保険", Kind.NationalHealth),
        // 39: 後期高齢者医療広域連合 (75 and over).
        new(InsurerNumbers.WithCheckDigit("3913001"), "東京都後期高齢者医療広域連合", Kind.LateElderly),
        new(InsurerNumbers.WithCheckDigit("3927001"), "大阪府後期高齢者医療広域連合", Kind.LateElderly),
    ];
}
