using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.VirtualCard;

/// <summary>
/// A virtual My Number card's key pairs. The user-authentication one: the certificate the card
/// gives out (EF 000A) and a signer that answers like the card's SIGN command, RSA PKCS#1 v1.5
/// over a SHA-256 DigestInfo. The signing one (署名用, EF 0001 and 001A, with its CA's
/// certificate in EF 0002) is issued the first time anything asks for it.
/// </summary>
public sealed class TestCard : IDisposable
{
    /// <summary>The DER prefix of a SHA-256 DigestInfo; the 32-byte hash follows it.</summary>
    public static readonly byte[] Sha256DigestInfoPrefix =
        [0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20];

    private readonly RSA _key;
    private readonly Lazy<SigningSide> _signing;

    internal TestCard(X509Certificate2 certificate, RSA key, Lazy<SigningSide> signing)
    {
        Certificate = certificate;
        _key = key;
        _signing = signing;
    }

    /// <summary>The signing certificate (署名用電子証明書, EF 0001), public part only.</summary>
    public X509Certificate2 SigningCertificate => _signing.Value.Certificate;

    /// <summary>The certificate of the CA that issued <see cref="SigningCertificate"/> (EF 0002).</summary>
    public X509Certificate2 SigningCaCertificate => _signing.Value.CaCertificate;

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
        return Sign(_key, digestInfo);
    }

    /// <summary>The card's SIGN command with the signing key (EF 001A): the same padding, the signing certificate's key.</summary>
    public byte[] SignDigestInfoWithSigningKey(ReadOnlySpan<byte> digestInfo) => Sign(_signing.Value.Key, digestInfo);

    private static byte[] Sign(RSA key, ReadOnlySpan<byte> digestInfo)
    {
        if (digestInfo.Length != Sha256DigestInfoPrefix.Length + 32 || !digestInfo.StartsWith(Sha256DigestInfoPrefix))
            throw new ArgumentException("Expected a 51-byte SHA-256 DigestInfo.", nameof(digestInfo));
        // PKCS#1 v1.5 signing of a SHA-256 hash builds exactly this DigestInfo before padding.
        return key.SignHash(digestInfo[Sha256DigestInfoPrefix.Length..].ToArray(), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>The file a saved card keeps its certificate in (DER).</summary>
    public const string CertificateFileName = "card-certificate.der";

    /// <summary>The file a saved card keeps its private key in (PKCS#8, DER, unencrypted: a test key).</summary>
    public const string PrivateKeyFileName = "card-key.p8";

    /// <summary>The files a saved card keeps its signing side in: certificate (DER), key (PKCS#8 DER) and its CA's certificate (DER).</summary>
    public const string SigningCertificateFileName = "card-signing-certificate.der";

    /// <inheritdoc cref="SigningCertificateFileName"/>
    public const string SigningPrivateKeyFileName = "card-signing-key.p8";

    /// <inheritdoc cref="SigningCertificateFileName"/>
    public const string SigningCaCertificateFileName = "card-signing-ca-certificate.der";

    private static readonly string[] SavedFiles =
        [CertificateFileName, PrivateKeyFileName, SigningCertificateFileName, SigningPrivateKeyFileName, SigningCaCertificateFileName];

    /// <summary>Whether <paramref name="directory"/> holds a whole card written by <see cref="Save"/> (both sides).</summary>
    public static bool IsSavedIn(string directory) => SavedFiles.All(name => File.Exists(Path.Combine(directory, name)));

    /// <summary>
    /// Writes the certificate and the private key into <paramref name="directory"/> (created if
    /// missing), readable by the owner only, so a demo can keep the same card across runs.
    /// </summary>
    public void Save(string directory)
    {
        PrivateFiles.EnsureDirectory(directory);
        PrivateFiles.Write(Path.Combine(directory, CertificateFileName), Certificate.RawData);
        PrivateFiles.WriteKey(Path.Combine(directory, PrivateKeyFileName), _key);
        var signing = _signing.Value;
        PrivateFiles.Write(Path.Combine(directory, SigningCertificateFileName), signing.Certificate.RawData);
        PrivateFiles.WriteKey(Path.Combine(directory, SigningPrivateKeyFileName), signing.Key);
        PrivateFiles.Write(Path.Combine(directory, SigningCaCertificateFileName), signing.CaCertificate.RawData);
    }

    /// <summary>Reads a card written by <see cref="Save"/>; fails if the key does not belong to the certificate.</summary>
    public static TestCard Load(string directory)
    {
        var certificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, CertificateFileName));
        var key = RSA.Create();
        var signingCertificate = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, SigningCertificateFileName));
        var signingKey = RSA.Create();
        var signingCa = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, SigningCaCertificateFileName));
        try
        {
            key.ImportPkcs8PrivateKey(File.ReadAllBytes(Path.Combine(directory, PrivateKeyFileName)), out _);
            KeyPairs.EnsureMatch(certificate, key, directory);
            signingKey.ImportPkcs8PrivateKey(File.ReadAllBytes(Path.Combine(directory, SigningPrivateKeyFileName)), out _);
            KeyPairs.EnsureMatch(signingCertificate, signingKey, directory);
            return new TestCard(certificate, key, new Lazy<SigningSide>(new SigningSide(signingCertificate, signingKey, signingCa)));
        }
        catch
        {
            foreach (var owned in new IDisposable[] { key, certificate, signingKey, signingCertificate, signingCa })
                owned.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
        if (_signing.IsValueCreated)
            _signing.Value.Dispose();
    }
}
