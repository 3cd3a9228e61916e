using System.Text;

namespace MynaEvents.Server.Features.FacilityCheckViews;

/// <summary>
/// Folds kana for prefix search: half-width katakana (半角カナ) and hiragana become full-width
/// katakana, and spaces go, so "ﾀﾞｲﾀｲ ﾊﾅｺ", "だいたい" and "ダイタイハ" all find "ダイタイ ハナコ".
/// Done by table rather than Unicode normalisation: the server may run with invariant globalization.
/// </summary>
internal static class KanaFolding
{
    // U+FF66..U+FF9D in order.
    private const string HalfWidthToFull = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン";
    private const char HalfWidthFirst = '\uFF66';
    private const char HalfWidthVoiced = '\uFF9E';     // ﾞ 濁点
    private const char HalfWidthSemiVoiced = '\uFF9F'; // ﾟ 半濁点

    public static string Fold(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folded = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c)) continue;
            if (c is >= '\u3041' and <= '\u3096') folded.Append((char)(c + 0x60)); // hiragana → katakana
            else if (c >= HalfWidthFirst && c < HalfWidthFirst + HalfWidthToFull.Length) folded.Append(HalfWidthToFull[c - HalfWidthFirst]);
            else if (c == HalfWidthVoiced && folded.Length > 0 && Voice(folded[^1], 1) is { } voiced) folded[^1] = voiced;
            else if (c == HalfWidthSemiVoiced && folded.Length > 0 && Voice(folded[^1], 2) is { } semi) folded[^1] = semi;
            else folded.Append(c);
        }
        return folded.ToString();
    }

    /// <summary>Whether every character is full-width katakana (after <see cref="Fold"/>).</summary>
    public static bool IsKatakana(string folded) => folded.All(c => c is >= '\u30A1' and <= '\u30FC');

    // In the katakana block the voiced form follows its base (カ→ガ), and for ハ行 the semi-voiced
    // one follows that (ハ→バ→パ); ウ is the exception, with ヴ far away.
    private static char? Voice(char basis, int step) => (basis, step) switch
    {
        ('ウ', 1) => 'ヴ',
        (>= 'カ' and <= 'ト', 1) when "カキクケコサシスセソタチツテト".Contains(basis, StringComparison.Ordinal) => (char)(basis + 1),
        (>= 'ハ' and <= 'ホ', _) when "ハヒフヘホ".Contains(basis, StringComparison.Ordinal) => (char)(basis + step),
        _ => null,
    };
}
