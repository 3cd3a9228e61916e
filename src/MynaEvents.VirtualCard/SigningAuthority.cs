using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.VirtualCard;

/// <summary>
/// The test stand-in for the JPKI signing CA (署名用認証局): a root of its own, as on a real
/// card the signing certificate (EF 0001) and the user-authentication certificate (EF 000A) come
/// from different CAs. It issues the signing side of the cards its
/// <see cref="TestCardAuthority"/> issues.
/// </summary>
internal sealed class SigningAuthority : IDisposable
{
    private SigningAuthority(RSA key, X509Certificate2 certificate)
    {
        Key = key;
        Certificate = certificate;
    }

    public RSA Key { get; }

    public X509Certificate2 Certificate { get; }

    /// <summary>A new root valid over the same years as the user-authentication CA it stands beside.</summary>
    public static SigningAuthority Create(X509Certificate2 userAuthenticationCa)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName("CN=MynaEvents Test JPKI Digital Signature CA, O=MynaEvents Tests, C=JP"),
            key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var selfSigned = request.CreateSelfSigned(userAuthenticationCa.NotBefore.ToUniversalTime(), userAuthenticationCa.NotAfter.ToUniversalTime());
        return new SigningAuthority(key, X509CertificateLoader.LoadCertificate(selfSigned.RawData));
    }

    public static SigningAuthority Load(string certificatePath, string keyPath, string directory)
    {
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certificatePath));
        var key = RSA.Create();
        try
        {
            key.ImportPkcs8PrivateKey(File.ReadAllBytes(keyPath), out _);
            KeyPairs.EnsureMatch(certificate, key, directory);
            return new SigningAuthority(key, certificate);
        }
        catch
        {
            key.Dispose();
            certificate.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A card's signing key pair and certificate (署名用電子証明書). A real one names its holder
    /// (name, birth date, sex, address); this one names only the card's serial, so no test ever
    /// handles a person's data through it.
    /// </summary>
    public SigningSide Issue(byte[] serialNumber, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest(
            new X500DistinguishedName($"CN=Test Signer {Convert.ToHexString(serialNumber)}, O=MynaEvents Tests, C=JP"),
            key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Certificate, true, false));
        var generator = X509SignatureGenerator.CreateForRSA(Key, RSASignaturePadding.Pkcs1);
        // Its own serial: the signing and user-authentication certificates of one card differ.
        byte[] serial = [.. serialNumber, 0x5A];
        using var issued = request.Create(Certificate.SubjectName, generator, notBefore, notAfter, serial);
        return new SigningSide(X509CertificateLoader.LoadCertificate(issued.RawData), key, X509CertificateLoader.LoadCertificate(Certificate.RawData));
    }

    public void Dispose()
    {
        Key.Dispose();
        Certificate.Dispose();
    }
}

/// <summary>A card's signing side: the signing certificate (EF 0001), its key (EF 001A) and the signing CA's certificate (EF 0002).</summary>
internal sealed class SigningSide(X509Certificate2 certificate, RSA key, X509Certificate2 caCertificate) : IDisposable
{
    public X509Certificate2 Certificate { get; } = certificate;

    public RSA Key { get; } = key;

    public X509Certificate2 CaCertificate { get; } = caCertificate;

    public void Dispose()
    {
        Certificate.Dispose();
        Key.Dispose();
        CaCertificate.Dispose();
    }
}
