using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.Server.Security.Challenges;

/// <summary>
/// Verifies a card's answer to a PIN-mode challenge. The challenge is consumed first, in one
/// atomic statement, and only then is the proof checked: a challenge answers one proof, so a
/// wrong signature cannot be retried against the same nonce and a verified one can never be
/// replayed. See the Security README for why a bad proof burns the challenge.
/// </summary>
internal sealed class ChallengeVerifier(ChallengeStore challenges, JpkiTrust trust, TimeProvider time, ILogger<ChallengeVerifier> logger)
    : IChallengeVerifier
{
    /// <summary>RSA-2048 gives 256 bytes; anything far larger is not a card's answer.</summary>
    private const int MaxSignatureBytes = 1024;

    public async Task<ChallengeVerification> ConsumeAsync(string tenantId, string deviceId, Guid challengeId,
        ReadOnlyMemory<byte> certificateDer, ReadOnlyMemory<byte> signature, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var found = await challenges.ConsumeAsync(challengeId, tenantId, deviceId, now, cancellationToken);
        var refusal = found switch
        {
            null => ChallengeOutcome.Unknown,
            // Another tenant's challenge id is as good as unknown: say nothing about it.
            { TenantId: var t } when t != tenantId => ChallengeOutcome.Unknown,
            { DeviceId: var d } when d != deviceId => ChallengeOutcome.WrongDevice,
            { Nonce: not null } => (ChallengeOutcome?)null,
            { UsedBefore: true } => ChallengeOutcome.AlreadyUsed,
            { Expired: true } => ChallengeOutcome.Expired,
            // Unused and unexpired when read, yet not consumed by us: a concurrent call won.
            _ => ChallengeOutcome.AlreadyUsed,
        };
        if (refusal is { } outcome) return Refuse(outcome, challengeId, deviceId, tenantId, null);

        return Verify(found!.Nonce!, certificateDer, signature, now) switch
        {
            (ChallengeOutcome.Ok, var card, _) => Accept(card!, challengeId, deviceId, tenantId),
            var (failed, _, reason) => Refuse(failed, challengeId, deviceId, tenantId, reason),
        };
    }

    private (ChallengeOutcome, CardCertificate?, string?) Verify(byte[] nonce, ReadOnlyMemory<byte> certificateDer, ReadOnlyMemory<byte> signature, DateTimeOffset now)
    {
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadCertificate(certificateDer.Span);
        }
        catch (CryptographicException)
        {
            return (ChallengeOutcome.UntrustedCertificate, null, "the certificate is not a DER X.509 certificate");
        }

        using (certificate)
        {
            if (trust.Check(certificate, now) is { } untrusted) return (ChallengeOutcome.UntrustedCertificate, null, untrusted);
            var card = Describe(certificate);
            if (signature.Length is 0 or > MaxSignatureBytes) return (ChallengeOutcome.BadSignature, card, "the signature is empty or too long");

            using var key = certificate.GetRSAPublicKey()!;
            // The card signs the DigestInfo of SHA-256(nonce) with PKCS#1 v1.5 padding: exactly
            // what VerifyHash checks for a SHA-256 hash.
            var verified = key.VerifyHash(SHA256.HashData(nonce), signature.Span, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return verified
                ? (ChallengeOutcome.Ok, card, null)
                : (ChallengeOutcome.BadSignature, card, "the signature does not verify over this challenge's nonce with the certificate's key");
        }
    }

    private static CardCertificate Describe(X509Certificate2 certificate) => new(
        certificate.SerialNumber,
        certificate.Issuer,
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime(), TimeSpan.Zero),
        new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero),
        certificate.GetCertHashString(HashAlgorithmName.SHA256));

    private ChallengeVerification Accept(CardCertificate card, Guid challengeId, string deviceId, string tenantId)
    {
        logger.LogInformation("Challenge {ChallengeId} of device {DeviceId} in tenant {TenantId} answered by a trusted card", challengeId, deviceId, tenantId);
        return new ChallengeVerification(ChallengeOutcome.Ok, card);
    }

    /// <summary>A refusal carries no certificate facts, so no caller can mistake them for a proven identity.</summary>
    private ChallengeVerification Refuse(ChallengeOutcome outcome, Guid challengeId, string deviceId, string tenantId, string? reason)
    {
        // The reason describes the certificate or the signature, never the holder: safe to log.
        logger.LogWarning("Challenge {ChallengeId} of device {DeviceId} in tenant {TenantId} refused: {Outcome} {Reason}",
            challengeId, deviceId, tenantId, outcome, reason);
        return new ChallengeVerification(outcome, null, reason);
    }
}
