using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.VirtualCard;

internal static class KeyPairs
{
    /// <summary>
    /// Refuses a saved certificate and key that do not belong together (e.g. one file replaced by
    /// hand): such a card would sign with a key nobody can verify, and the failure would surface
    /// far away as a rejected signature.
    /// </summary>
    public static void EnsureMatch(X509Certificate2 certificate, RSA key, string directory)
    {
        using var publicKey = certificate.GetRSAPublicKey()
            ?? throw new InvalidDataException($"The certificate saved in {directory} has no RSA public key.");
        if (!publicKey.ExportSubjectPublicKeyInfo().AsSpan().SequenceEqual(key.ExportSubjectPublicKeyInfo()))
            throw new InvalidDataException($"The private key saved in {directory} does not belong to the certificate saved there.");
    }
}
