using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.VirtualCard;

/// <summary>
/// A stand-in for the two JPKI CAs: the user-authentication CA (利用者証明用), a self-signed RSA
/// root created at test time that issues the certificates the edge reads, and the signing CA
/// (署名用), a second root that issues the signing certificates a real card also carries. The
/// signing CA is created the first time a card's signing side is needed: nothing on the
/// reception path uses it. Keys live in memory unless a demo saves them to a private directory
/// of its own; nothing here is ever committed.
/// </summary>
public sealed class TestCardAuthority : IDisposable
{
    private readonly RSA _key;
    private readonly Lazy<SigningAuthority> _signing;

    private TestCardAuthority(RSA key, X509Certificate2 certificate, SigningAuthority? signing = null)
    {
        _key = key;
        Certificate = certificate;
        _signing = signing is null ? new Lazy<SigningAuthority>(() => SigningAuthority.Create(certificate)) : new Lazy<SigningAuthority>(signing);
    }

    /// <summary>The user-authentication CA certificate (public part only): what a server is configured to trust.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>The signing CA's certificate (public part only): what a card's EF 0002 holds.</summary>
    public X509Certificate2 SigningCertificate => _signing.Value.Certificate;

    /// <summary>A new root CA, valid from ten years ago to ten years ahead, so any card it issues chains at its issuance.</summary>
    public static TestCardAuthority Create(string name = "MynaEvents Test JPKI User Authentication CA")
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}, O=MynaEvents Tests, C=JP"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var selfSigned = request.CreateSelfSigned(now.AddYears(-10), now.AddYears(10));
        return new TestCardAuthority(key, X509CertificateLoader.LoadCertificate(selfSigned.RawData));
    }

    /// <summary>The CA certificate as PEM, as an operator would configure it.</summary>
    public string CertificatePem() => Certificate.ExportCertificatePem();

    /// <summary>Writes the CA certificate as PEM into <paramref name="directory"/> and returns the file's path.</summary>
    public string WriteCertificatePem(string directory)
    {
        var path = Path.Combine(directory, $"test-jpki-ca-{Certificate.Thumbprint[..12]}.pem");
        File.WriteAllText(path, CertificatePem());
        return path;
    }

    /// <summary>
    /// Issues a card: a fresh RSA-2048 key and its user-authentication certificate with the
    /// given serial number and NotAfter. The subject names no person, like a real JPKI
    /// user-authentication certificate.
    /// </summary>
    public TestCard IssueCard(byte[] serialNumber, DateTimeOffset notAfter, DateTimeOffset? notBefore = null)
    {
        var from = notBefore ?? DateTimeOffset.UtcNow.AddYears(-1);
        var key = RSA.Create(2048);
        var request = new CertificateRequest(
            new X500DistinguishedName($"CN=Test Card {Convert.ToHexString(serialNumber)}, O=MynaEvents Tests, C=JP"),
            key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));

        var generator = X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1);
        using var issued = request.Create(Certificate.SubjectName, generator, from, notAfter, serialNumber);
        // The signing side is issued only when something asks for it: a card's second key pair
        // would double the key generation of every test that never looks at it.
        return new TestCard(X509CertificateLoader.LoadCertificate(issued.RawData), key,
            new Lazy<SigningSide>(() => _signing.Value.Issue(serialNumber, from, notAfter)));
    }

    /// <summary>A card with a random serial, valid for another three years.</summary>
    public TestCard IssueCard() => IssueCard(RandomNumberGenerator.GetBytes(8), DateTimeOffset.UtcNow.AddYears(3));

    /// <summary>The file a saved CA keeps its certificate in (PEM: what a server is configured to trust).</summary>
    public const string CertificateFileName = "ca-certificate.pem";

    /// <summary>The file a saved CA keeps its private key in (PKCS#8, DER, unencrypted: a test key).</summary>
    public const string PrivateKeyFileName = "ca-key.p8";

    /// <summary>The files a saved signing CA keeps its certificate (PEM) and private key (PKCS#8 DER) in.</summary>
    public const string SigningCertificateFileName = "signing-ca-certificate.pem";

    /// <inheritdoc cref="SigningCertificateFileName"/>
    public const string SigningPrivateKeyFileName = "signing-ca-key.p8";

    /// <summary>Whether <paramref name="directory"/> holds a CA written by <see cref="Save"/>.</summary>
    public static bool IsSavedIn(string directory) =>
        File.Exists(Path.Combine(directory, CertificateFileName)) && File.Exists(Path.Combine(directory, PrivateKeyFileName));

    /// <summary>
    /// Writes the CA certificate and private key into <paramref name="directory"/> (created if
    /// missing), readable by the owner only, and returns the certificate's path. A demo keeps one
    /// CA across runs this way, so its server's trust configuration stays valid.
    /// </summary>
    public string Save(string directory)
    {
        PrivateFiles.EnsureDirectory(directory);
        var certificatePath = Path.Combine(directory, CertificateFileName);
        PrivateFiles.Write(certificatePath, CertificatePem());
        PrivateFiles.WriteKey(Path.Combine(directory, PrivateKeyFileName), _key);
        var signing = _signing.Value;
        PrivateFiles.Write(Path.Combine(directory, SigningCertificateFileName), signing.Certificate.ExportCertificatePem());
        PrivateFiles.WriteKey(Path.Combine(directory, SigningPrivateKeyFileName), signing.Key);
        return certificatePath;
    }

    /// <summary>Reads a CA written by <see cref="Save"/>; fails if the key does not belong to the certificate.</summary>
    public static TestCardAuthority Load(string directory)
    {
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(directory, CertificateFileName)));
        var key = RSA.Create();
        try
        {
            key.ImportPkcs8PrivateKey(File.ReadAllBytes(Path.Combine(directory, PrivateKeyFileName)), out _);
            KeyPairs.EnsureMatch(certificate, key, directory);
            // A directory saved before cards had a signing side gets its signing CA on first use.
            var signing = File.Exists(Path.Combine(directory, SigningCertificateFileName))
                ? SigningAuthority.Load(Path.Combine(directory, SigningCertificateFileName), Path.Combine(directory, SigningPrivateKeyFileName), directory)
                : null;
            return new TestCardAuthority(key, certificate, signing);
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>The CA saved in <paramref name="directory"/>, or a new one saved there if there is none yet.</summary>
    public static TestCardAuthority LoadOrCreate(string directory)
    {
        if (IsSavedIn(directory))
        {
            var loaded = Load(directory);
            if (!File.Exists(Path.Combine(directory, SigningCertificateFileName)))
                loaded.Save(directory);
            return loaded;
        }
        var authority = Create();
        authority.Save(directory);
        return authority;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
        if (_signing.IsValueCreated)
            _signing.Value.Dispose();
    }
}
