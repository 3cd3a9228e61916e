using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.Server.Tests.Security;

/// <summary>Card certificates no J-LIS CA would issue: self-signed ones, and ones whose signature was tampered with.</summary>
internal static class ForgedCertificates
{
    /// <summary>A card-like certificate (digital signature, not a CA) signed with its own key.</summary>
    public static X509Certificate2 SelfSigned(DateTimeOffset? notAfter = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(new X500DistinguishedName("CN=Self-made Card, O=Nobody, C=JP"), key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), notAfter ?? DateTimeOffset.UtcNow.AddYears(3));
        return X509CertificateLoader.LoadCertificate(created.RawData);
    }

    /// <summary>The same certificate with one bit of its signature flipped: still well-formed DER, no longer signed by anyone.</summary>
    public static X509Certificate2 WithBrokenSignature(X509Certificate2 certificate)
    {
        var der = certificate.RawData;
        der[^1] ^= 0x01; // the signature BIT STRING ends the certificate
        return X509CertificateLoader.LoadCertificate(der);
    }
}
