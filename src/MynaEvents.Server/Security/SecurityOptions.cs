namespace MynaEvents.Server.Security;

/// <summary>Security settings, read from configuration (environment variables included).</summary>
internal sealed record SecurityOptions
{
    /// <summary>The platform administrator's token; unset means there is no bootstrap administrator.</summary>
    public const string BootstrapAdminVariable = "MYNA_BOOTSTRAP_ADMIN_TOKEN";

    /// <summary>Paths of the JPKI CA certificates that card certificates must chain to.</summary>
    public const string JpkiCaCertificatesVariable = "MYNA_JPKI_CA_CERTS";

    /// <summary>A shorter bootstrap token could be guessed; the generated tokens carry 256 bits.</summary>
    public const int MinimumBootstrapTokenLength = 32;

    public string? BootstrapAdminToken { get; init; }

    public IReadOnlyList<string> JpkiCaCertificatePaths { get; init; } = [];

    /// <summary>How long a personal access token lasts before the administrator issues a new one.</summary>
    public TimeSpan PersonTokenLifetime { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long a device activation code can be used after it was issued.</summary>
    public TimeSpan ActivationCodeLifetime { get; init; } = TimeSpan.FromHours(72);

    /// <summary>How long a PIN-mode challenge can be answered: long enough for the patient to type four digits.</summary>
    public TimeSpan ChallengeLifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a challenge pre-issued for offline use (home visits, outages) can be answered:
    /// the queued check must reach the server within this time, or it is refused as expired.
    /// </summary>
    public TimeSpan OfflineChallengeLifetime { get; init; } = TimeSpan.FromHours(72);

    /// <summary>At most this many unanswered challenges per device: a lost laptop carries no more.</summary>
    public int OfflineChallengeStock { get; init; } = 20;

    public static SecurityOptions From(IConfiguration configuration)
    {
        var token = configuration[BootstrapAdminVariable];
        if (string.IsNullOrEmpty(token)) token = null;
        else if (token.Length < MinimumBootstrapTokenLength || token.Any(char.IsWhiteSpace))
            throw new InvalidOperationException(
                $"{BootstrapAdminVariable} must be at least {MinimumBootstrapTokenLength} characters without spaces " +
                "(for example the output of `openssl rand -base64 32`), or unset to have no bootstrap administrator.");

        var paths = (configuration[JpkiCaCertificatesVariable] ?? "")
            .Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SecurityOptions { BootstrapAdminToken = token, JpkiCaCertificatePaths = paths };
    }
}
