using System.Globalization;

namespace MynaEvents.Edge.Screen;

/// <summary>負担割合: the national system's three-digit code of the patient's share, "030" = 3割 (30%).</summary>
public static class BurdenRatio
{
    /// <summary>
    /// "030" → "3割" (Japanese) or "30% (3割)" (English); a share that is not whole tenths keeps
    /// its 分 ("025" → "2割5分"). A code that is not three digits is shown as it came.
    /// </summary>
    public static string Format(string? code, ScreenLanguage language)
    {
        if (code is not { Length: 3 } || !code.All(char.IsAsciiDigit)) return code ?? "";
        var percent = int.Parse(code, CultureInfo.InvariantCulture);
        if (percent > 100) return code;
        var tenths = percent / 10;
        var japanese = percent % 10 == 0
            ? $"{tenths.ToString(CultureInfo.InvariantCulture)}割"
            : $"{tenths.ToString(CultureInfo.InvariantCulture)}割{(percent % 10).ToString(CultureInfo.InvariantCulture)}分";
        return language == ScreenLanguage.Japanese ? japanese : $"{percent.ToString(CultureInfo.InvariantCulture)}% ({japanese})";
    }
}
