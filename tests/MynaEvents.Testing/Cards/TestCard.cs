using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.Testing.Cards;

/// <summary>
/// A virtual My Number card's user-authentication key pair: the certificate the card gives
/// out (EF 000A) and a signer that answers like the card's SIGN command, RSA PKCS#1 v1.5 over
/// a SHA-256 DigestInfo.
/// </summary>
public sealed class TestCard : IDisposable
{
    /// <summary>The DER prefix of a SHA-256 DigestInfo; the 32-byte hash follows it.</summary>
    public static readonly byte[] Sha256DigestInfoPrefix =
        [0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

    private readonly RSA _key;

    internal TestCard(X509Certificate2 certificate, RSA key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>The user-authentication certificate, public part only.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The certificate as the card's EF 000A holds it.</summary>
    public byte[] CertificateDer => Certificate.RawData;

    /// <summary>The 51-byte DigestInfo an edge node sends to the card for a nonce: prefix ‖ SHA-256(nonce).</summary>
    public static byte[] DigestInfoFor(ReadOnlySpan<byte> nonce) => [.. Sha256DigestInfoPrefix, .. SHA256.HashData(nonce)];

    /// <summary>Signs a nonce the way the edge node and card together do: SHA-256, DigestInfo, PKCS#1 v1.5.</summary>
    public byte[] SignNonce(ReadOnlySpan<byte> nonce) => SignDigestInfo(DigestInfoFor(nonce));

    /// <summary>
    /// What the card's SIGN command (80 2A 00 80) does with the DigestInfo it receives: type-01
    /// padding and the private-key operation. Only SHA-256 DigestInfos are accepted, as the card
    /// application here is used only with them.
    /// </summary>
    public byte[] SignDigestInfo(ReadOnlySpan<byte> digestInfo)
    {
        if (digestInfo.Length != Sha256DigestInfoPrefix.Length + 32 || !digestInfo.StartsWith(Sha256DigestInfoPrefix))
            throw new ArgumentException("Expected a 51-byte SHA-256 DigestInfo.", nameof(digestInfo));
        // PKCS#1 v1.5 signing of a SHA-256 hash builds exactly this DigestInfo before padding.
        return _key.SignHash(digestInfo[Sha256DigestInfoPrefix.Length..].ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
