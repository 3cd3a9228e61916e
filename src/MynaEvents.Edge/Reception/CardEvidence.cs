using MynaEvents.Edge.ServerApi;

namespace MynaEvents.Edge.Reception;

/// <summary>
/// What the card gave for one check: its user-authentication certificate, whether the reader
/// handled extended-length APDUs and, in PIN mode, its signature over a server challenge.
/// </summary>
public sealed record CardEvidence(string ReaderName, byte[] CertificateDer, bool ReaderSupportsExtendedApdu, IssuedChallenge? Challenge, byte[]? Signature)
{
    public override string ToString() =>
        $"CardEvidence {{ ReaderName = {ReaderName}, ReaderSupportsExtendedApdu = {ReaderSupportsExtendedApdu}, Challenge = {Challenge?.ChallengeId}, certificate and signature left out }}";
}
