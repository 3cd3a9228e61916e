using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.Server.Security.Challenges;

/// <summary>
/// Decides whether a card's user-authentication certificate was issued by a JPKI CA we trust.
/// The CAs are the certificates named by MYNA_JPKI_CA_CERTS: self-signed ones are trust
/// anchors, others are intermediates that may complete a chain. The machine's own root store
/// plays no part. PIN mode (<see cref="Check"/>) and the card read that starts every check,
/// 目視 included (<see cref="CheckCardRead"/>), take the same path; they differ only in what
/// happens when no CA is configured.
/// </summary>
internal sealed class JpkiTrust : IDisposable, ICardCertificateTrust
{
    /// <summary>A card whose validity starts a little ahead of our clock is still accepted.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>The key algorithm identifier of an RSA public key (rsaEncryption).</summary>
    private const string RsaKeyAlgorithm = "1.2.840.113549.1.1.1";

    private readonly X509Certificate2Collection _roots = [];
    private readonly X509Certificate2Collection _intermediates = [];

    /// <summary>Each CA's public key, imported once: an import costs as much as the signature check itself.</summary>
    private readonly List<(X509Certificate2 Ca, AsymmetricAlgorithm? Key)> _caKeys = [];

    public JpkiTrust(IEnumerable<X509Certificate2> caCertificates)
    {
        foreach (var certificate in caCertificates)
        {
            (certificate.SubjectName.RawData.AsSpan().SequenceEqual(certificate.IssuerName.RawData) ? _roots : _intermediates).Add(certificate);
            _caKeys.Add((certificate, CertificateSignature.PublicKeyOf(certificate)));
        }
    }

    public int AnchorCount => _roots.Count;

    /// <summary>
    /// PIN mode: null when the certificate chains to a configured CA; otherwise why not, in
    /// words safe to log (no holder data). Without a configured CA nothing is trusted.
    /// </summary>
    public string? Check(X509Certificate2 card, DateTimeOffset now) =>
        _roots.Count == 0 ? "no JPKI CA certificate is configured (MYNA_JPKI_CA_CERTS)" : Verify(card, now);

    /// <summary>
    /// A card read, before the identity mode is chosen: with CAs configured, exactly what PIN
    /// mode requires. Without them (development) the only thing that can be checked is a
    /// self-signed certificate's signature against its own key, and it is; a certificate of an
    /// unknown issuer is taken as read, and PIN mode still refuses it.
    /// </summary>
    public string? CheckCardRead(X509Certificate2 card, DateTimeOffset now) =>
        _roots.Count > 0 ? Verify(card, now) : SignatureProblem(card);

    /// <summary>
    /// The signature must verify with the key of the issuer: the certificate's own key when it
    /// is self-issued, else a configured CA of the issuer's name (a rogue CA may copy a name,
    /// not a key). An issuer we do not know leaves the question to the chain.
    /// </summary>
    private string? SignatureProblem(X509Certificate2 card)
    {
        bool verifies;
        if (CertificateSignature.IsSelfIssued(card))
        {
            verifies = CertificateSignature.VerifiesWith(card, card);
        }
        else
        {
            var issuers = _caKeys.Where(ca => ca.Ca.SubjectName.RawData.AsSpan().SequenceEqual(card.IssuerName.RawData)).ToList();
            verifies = issuers.Count == 0 || issuers.Exists(issuer => issuer.Key is not null && CertificateSignature.VerifiesWith(card, issuer.Key));
        }
        if (verifies) return null;
        return CertificateSignature.IsSelfIssued(card)
            ? "the certificate's signature does not verify with its own key"
            : "the certificate does not chain to a configured JPKI CA: its signature does not verify with the key of the configured CA of its issuer's name";
    }

    private string? Verify(X509Certificate2 card, DateTimeOffset now)
    {
        // Building the chain checks every signature in it, so the card's signature is checked
        // apart only to word a refusal: a bad signature is named first, as before anything else.
        var problem = RuleProblem(card, now) ?? ChainProblem(card);
        return problem is null ? null : SignatureProblem(card) ?? problem;
    }

    private static string? RuleProblem(X509Certificate2 card, DateTimeOffset now)
    {
        if (card.NotBefore.ToUniversalTime() > now.UtcDateTime + ClockSkew) return "the certificate is not valid yet";
        // Read from the certificate's algorithm identifier: importing the key would cost more than the whole chain.
        if (card.GetKeyAlgorithm() != RsaKeyAlgorithm) return "the certificate does not hold an RSA key";
        if (card.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault() is { } usage
            && !usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature))
            return "the certificate's key usage does not allow digital signatures";
        if (card.Extensions.OfType<X509BasicConstraintsExtension>().FirstOrDefault() is { CertificateAuthority: true })
            return "the certificate is a CA certificate, not a card's";
        return null;
    }

    private string? ChainProblem(X509Certificate2 card)
    {
        using var chain = new X509Chain();
        var policy = chain.ChainPolicy;
        policy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        policy.CustomTrustStore.AddRange(_roots);
        policy.ExtraStore.AddRange(_intermediates);
        // Revocation against J-LIS (CRL or OCSP) is a later step; nothing is fetched from the network.
        policy.RevocationMode = X509RevocationMode.NoCheck;
        policy.DisableCertificateDownloads = true;
        // The chain is judged as of the card's issuance: an expired card certificate is still
        // the holder's proof, and whether its age still allows a confirmation is the domain's rule.
        policy.VerificationTime = card.NotBefore;
        if (chain.Build(card)) return null;
        return "the certificate does not chain to a configured JPKI CA (" +
               string.Join(", ", chain.ChainStatus.Select(s => s.Status.ToString()).Distinct()) + ")";
    }

    /// <summary>Reads CA certificates from files (PEM with one or more certificates, or DER) and directories of them.</summary>
    public static JpkiTrust Load(IReadOnlyList<string> paths)
    {
        var certificates = new List<X509Certificate2>();
        foreach (var path in paths)
        {
            IEnumerable<string> files = Directory.Exists(path)
                ? Directory.EnumerateFiles(path).Where(IsCertificateFile).Order(StringComparer.Ordinal)
                : [path];
            foreach (var file in files)
            {
                try
                {
                    certificates.AddRange(ReadFile(file));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or CryptographicException)
                {
                    throw new InvalidOperationException(
                        $"{SecurityOptions.JpkiCaCertificatesVariable}: cannot read a CA certificate from '{file}' ({exception.Message}). " +
                        "Give PEM or DER certificate files or directories, separated by ';'.", exception);
                }
            }
        }
        return new JpkiTrust(certificates);
    }

    public void Dispose()
    {
        foreach (var (_, key) in _caKeys) key?.Dispose();
        foreach (var certificate in _roots.Concat(_intermediates)) certificate.Dispose();
    }

    private static bool IsCertificateFile(string file) =>
        Path.GetExtension(file).ToUpperInvariant() is ".PEM" or ".CRT" or ".CER" or ".DER";

    private static X509Certificate2Collection ReadFile(string file)
    {
        var bytes = File.ReadAllBytes(file);
        var text = System.Text.Encoding.ASCII.GetString(bytes);
        var collection = new X509Certificate2Collection();
        if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal)) collection.ImportFromPem(text);
        else collection.Add(X509CertificateLoader.LoadCertificate(bytes));
        return collection;
    }
}
