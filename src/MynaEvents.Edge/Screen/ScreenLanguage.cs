namespace MynaEvents.Edge.Screen;

/// <summary>The language of the reception screen. Japanese terms of the national system stay in English text, in brackets, so staff can match them with leaflets.</summary>
public enum ScreenLanguage
{
    Japanese,
    English,
}
