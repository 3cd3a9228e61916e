using MynaEvents.Edge.Reception;
using MynaEvents.Edge.Screen;

namespace MynaEvents.Edge;

/// <summary>
/// The edge node's settings: command-line options first (<c>--server URL</c>), then environment
/// variables (MYNA_EDGE_SERVER…), then defaults.
/// </summary>
public sealed record EdgeSettings
{
    public Uri Server { get; init; } = new("http://127.0.0.1:5080/");

    /// <summary>Where the device credential and the offline queue live: a local disk, never a network share.</summary>
    public string DataDirectory { get; init; } = DefaultDataDirectory();

    /// <summary>The reader to use, by its PC/SC name; null means the first reader that holds a card.</summary>
    public string? Reader { get; init; }

    public ScreenLanguage Language { get; init; } = ScreenLanguage.Japanese;

    /// <summary>目視 or 暗証番号 for every check; null: the reception loop asks staff each time (a one-off check uses 目視).</summary>
    public IdentityChoice? Mode { get; init; }

    /// <summary>Who is at reception: recorded with the identity step.</summary>
    public string StaffId { get; init; } = "reception";

    public string? ActivationCode { get; init; }

    /// <summary>How long a check waits for a card to be put on the reader.</summary>
    public TimeSpan CardWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long one exchange with the card (a command and its answer) may take before the card
    /// counts as hung and staff are asked to place it again. See ADR 0021.
    /// </summary>
    public TimeSpan CardExchangeTimeout { get; init; } = Pcsc.PcscCard.DefaultExchangeTimeout;

    /// <summary>How often queued checks are retried while the server is out of reach.</summary>
    public TimeSpan RetryEvery { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Read the PIN from standard input (one line) instead of a hidden console prompt: for scripted demos.</summary>
    public bool PinFromStandardInput { get; init; }

    public static EdgeSettings From(IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        string? Get(string option, string variable) =>
            options.TryGetValue(option, out var value) ? value : Environment.GetEnvironmentVariable(variable) is { Length: > 0 } env ? env : null;

        var settings = new EdgeSettings();
        if (Get("server", "MYNA_EDGE_SERVER") is { } server)
            settings = settings with { Server = Uri.TryCreate(server.EndsWith('/') ? server : server + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri : throw new EdgeUsageException($"--server: '{server}' is not an http(s) URL.") };
        if (Get("data", "MYNA_EDGE_DATA") is { } data) settings = settings with { DataDirectory = data };
        if (Get("reader", "MYNA_EDGE_READER") is { } reader) settings = settings with { Reader = reader };
        if (Get("lang", "MYNA_EDGE_LANG") is { } lang)
            settings = settings with { Language = lang switch
            {
                "ja" => ScreenLanguage.Japanese,
                "en" => ScreenLanguage.English,
                _ => throw new EdgeUsageException($"--lang: '{lang}' must be ja or en."),
            } };
        if (Get("mode", "MYNA_EDGE_MODE") is { } mode)
            settings = settings with { Mode = mode switch
            {
                "visual" => IdentityChoice.Visual,
                "pin" => IdentityChoice.Pin,
                _ => throw new EdgeUsageException($"--mode: '{mode}' must be visual (目視) or pin (暗証番号)."),
            } };
        if (Get("staff", "MYNA_EDGE_STAFF") is { } staff) settings = settings with { StaffId = staff };
        if (Get("code", "MYNA_EDGE_ACTIVATION_CODE") is { } code) settings = settings with { ActivationCode = code };
        if (Get("card-wait-seconds", "MYNA_EDGE_CARD_WAIT_SECONDS") is { } wait)
            settings = settings with { CardWait = TimeSpan.FromSeconds(int.TryParse(wait, out var s) && s > 0 ? s : throw new EdgeUsageException($"--card-wait-seconds: '{wait}' must be a positive whole number.")) };
        if (Get("apdu-timeout-seconds", "MYNA_EDGE_APDU_TIMEOUT_SECONDS") is { } apdu)
            settings = settings with { CardExchangeTimeout = TimeSpan.FromSeconds(int.TryParse(apdu, out var a) && a is >= 1 and <= 120 ? a
                : throw new EdgeUsageException($"--apdu-timeout-seconds: '{apdu}' must be a whole number of seconds from 1 to 120.")) };
        if (Get("retry-seconds", "MYNA_EDGE_RETRY_SECONDS") is { } retry)
            settings = settings with { RetryEvery = TimeSpan.FromSeconds(int.TryParse(retry, out var r) && r > 0 ? r : throw new EdgeUsageException($"--retry-seconds: '{retry}' must be a positive whole number.")) };
        if (options.ContainsKey("pin-stdin")) settings = settings with { PinFromStandardInput = true };
        return settings;
    }

    private static string DefaultDataDirectory() =>
        OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "MynaEvents", "Edge")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "myna-edge");
}

/// <summary>A wrong command line or setting: printed as is, exit code 2.</summary>
public sealed class EdgeUsageException : Exception
{
    public EdgeUsageException() { }

    public EdgeUsageException(string message) : base(message) { }

    public EdgeUsageException(string message, Exception innerException) : base(message, innerException) { }
}
