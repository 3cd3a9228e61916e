using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.Server.Security.Challenges;

/// <summary>
/// Whether a certificate's own signature verifies with a given issuer's key. .NET checks
/// signatures only while building a chain, and OpenSSL skips the self-signature of a trust
/// anchor; a card read needs the answer for a self-signed certificate too, so it is read here
/// from the DER: the signed TBSCertificate, the algorithm, the signature.
/// </summary>
internal static class CertificateSignature
{
    public static bool IsSelfIssued(X509Certificate2 certificate) =>
        certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData);

    /// <summary>True when <paramref name="certificate"/> was signed with <paramref name="issuer"/>'s key (RSA PKCS#1 v1.5 or ECDSA, SHA-1/2).</summary>
    public static bool VerifiesWith(X509Certificate2 certificate, X509Certificate2 issuer)
    {
        using var key = PublicKeyOf(issuer);
        return key is not null && VerifiesWith(certificate, key);
    }

    /// <summary>The certificate's RSA or ECDSA public key (null for another kind); importing one costs about 0.2 ms, so keep what is reused.</summary>
    public static AsymmetricAlgorithm? PublicKeyOf(X509Certificate2 certificate)
    {
        try
        {
            return (AsymmetricAlgorithm?)certificate.GetRSAPublicKey() ?? certificate.GetECDsaPublicKey();
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>True when <paramref name="certificate"/> was signed with <paramref name="issuerKey"/> (RSA PKCS#1 v1.5 or ECDSA, SHA-1/2).</summary>
    public static bool VerifiesWith(X509Certificate2 certificate, AsymmetricAlgorithm issuerKey)
    {
        try
        {
            var outer = new AsnReader(certificate.RawData, AsnEncodingRules.DER).ReadSequence();
            var signed = outer.ReadEncodedValue();
            var algorithm = outer.ReadSequence().ReadObjectIdentifier();
            var signature = outer.ReadBitString(out var unusedBits);
            if (unusedBits != 0) return false;

            if (RsaHash(algorithm) is { } rsaHash)
                return issuerKey is RSA rsa && rsa.VerifyData(signed.Span, signature, rsaHash, RSASignaturePadding.Pkcs1);
            if (EcdsaHash(algorithm) is { } ecHash)
                return issuerKey is ECDsa ecdsa && ecdsa.VerifyData(signed.Span, signature, ecHash, DSASignatureFormat.Rfc3279DerSequence);
            return false;
        }
        catch (Exception exception) when (exception is AsnContentException or CryptographicException)
        {
            return false;
        }
    }

    private static HashAlgorithmName? RsaHash(string oid) => oid switch
    {
        "1.2.840.113549.1.1.5" => HashAlgorithmName.SHA1, // older JPKI generations
        "1.2.840.113549.1.1.11" => HashAlgorithmName.SHA256,
        "1.2.840.113549.1.1.12" => HashAlgorithmName.SHA384,
        "1.2.840.113549.1.1.13" => HashAlgorithmName.SHA512,
        _ => null,
    };

    private static HashAlgorithmName? EcdsaHash(string oid) => oid switch
    {
        "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
        "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
        "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
        _ => null,
    };
}
