using System.Globalization;

namespace MynaEvents.Edge.Screen;

/// <summary>
/// The text of the reception screen: a check's outcome, the offline queue's state, the PIN
/// dialogue and card trouble, in Japanese (the default) or English. Pure functions of their
/// arguments; the caller decides where the text goes.
/// </summary>
public sealed partial class ReceptionScreen(ScreenLanguage language = ScreenLanguage.Japanese)
{
    /// <summary>Japan Standard Time: no daylight saving, so a fixed offset is exact.</summary>
    private static readonly TimeSpan Jst = TimeSpan.FromHours(9);

    public ScreenLanguage Language { get; } = language;

    private bool Japanese => Language == ScreenLanguage.Japanese;

    private string Say(string japanese, string english) => Japanese ? japanese : english;

    private string Date(DateOnly date) => Japanese
        ? date.ToString("yyyy年M月d日", CultureInfo.InvariantCulture)
        : date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>The day in Japan of an instant: retention deadlines are the last instant of a JST day.</summary>
    private string Date(DateTimeOffset instant) => Date(DateOnly.FromDateTime(instant.ToOffset(Jst).DateTime));

    private static string Time(DateTimeOffset instant) => instant.ToOffset(Jst).ToString("HH:mm", CultureInfo.InvariantCulture);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Lines(IEnumerable<string> lines) => string.Join('\n', lines);
}
