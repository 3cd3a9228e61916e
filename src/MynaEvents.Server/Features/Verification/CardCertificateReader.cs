using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CardCertificate = MynaEvents.Domain.Verification.CardCertificate;

namespace MynaEvents.Server.Features.Verification;

/// <summary>Reads the facts the event keeps from the card's DER certificate; the client's word is not taken for them.</summary>
internal static class CardCertificateReader
{
    public static bool TryRead(string? base64Der, out CardCertificate certificate, out byte[] der)
    {
        certificate = null!;
        der = [];
        if (string.IsNullOrEmpty(base64Der) || base64Der.Length > 16_384) return false;
        try
        {
            der = Convert.FromBase64String(base64Der);
            using var x509 = X509CertificateLoader.LoadCertificate(der);
            certificate = new CardCertificate(
                Convert.ToHexStringLower(SHA256.HashData(der)),
                x509.SerialNumber.ToLowerInvariant(),
                x509.Issuer,
                new DateTimeOffset(x509.NotAfter.ToUniversalTime(), TimeSpan.Zero));
            return true;
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
