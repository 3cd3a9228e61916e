using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using MynaEvents.Server.Security;
using MynaEvents.Server.Security.Authentication;
using MynaEvents.Server.Security.Challenges;
using MynaEvents.VirtualCard;

namespace MynaEvents.Server.Tests.Security;

public sealed class SecuritySettingsTests
{
    private static SecurityOptions Options(string? bootstrap = null, string? caCerts = null) =>
        SecurityOptions.From(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MYNA_BOOTSTRAP_ADMIN_TOKEN"] = bootstrap,
            ["MYNA_JPKI_CA_CERTS"] = caCerts,
        }).Build());

    [Fact]
    public void without_a_bootstrap_token_there_is_no_platform_administrator()
    {
        var admin = new BootstrapAdmin(Options());

        Assert.False(admin.Matches(""));
        Assert.False(admin.Matches(ServerFactory.BootstrapAdminToken));
    }

    [Theory]
    [InlineData("too-short")]
    [InlineData("a bootstrap token with spaces in it is refused")]
    public void a_weak_bootstrap_token_stops_the_start_naming_the_variable(string token)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Options(bootstrap: token));

        Assert.Contains("MYNA_BOOTSTRAP_ADMIN_TOKEN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void the_bootstrap_token_matches_only_itself()
    {
        var admin = new BootstrapAdmin(Options(bootstrap: ServerFactory.BootstrapAdminToken));

        Assert.True(admin.Matches(ServerFactory.BootstrapAdminToken));
        Assert.False(admin.Matches(ServerFactory.BootstrapAdminToken + "x"));
        Assert.False(admin.Matches(ServerFactory.BootstrapAdminToken.ToUpperInvariant()));
    }

    [Fact]
    public void ca_certificates_are_read_from_pem_and_der_files_and_directories()
    {
        using var pemCa = TestCardAuthority.Create("PEM CA");
        using var derCa = TestCardAuthority.Create("DER CA");
        var directory = Directory.CreateTempSubdirectory("myna-ca-").FullName;
        try
        {
            var pemFile = pemCa.WriteCertificatePem(directory);
            var derDirectory = Directory.CreateDirectory(Path.Combine(directory, "der")).FullName;
            File.WriteAllBytes(Path.Combine(derDirectory, "ca.der"), derCa.Certificate.RawData);
            File.WriteAllText(Path.Combine(derDirectory, "notes.txt"), "not a certificate, not read");

            using var trust = JpkiTrust.Load(Options(caCerts: $"{pemFile}; {derDirectory}").JpkiCaCertificatePaths);
            using var pemCard = pemCa.IssueCard();
            using var derCard = derCa.IssueCard();

            Assert.Equal(2, trust.AnchorCount);
            Assert.Null(trust.Check(pemCard.Certificate, DateTimeOffset.UtcNow));
            Assert.Null(trust.Check(derCard.Certificate, DateTimeOffset.UtcNow));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public void an_unreadable_ca_file_stops_the_start_naming_the_variable_and_the_file()
    {
        var error = Assert.Throws<InvalidOperationException>(() => JpkiTrust.Load(["/nonexistent/jpki-ca.pem"]));

        Assert.Contains("MYNA_JPKI_CA_CERTS", error.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/jpki-ca.pem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void with_no_ca_configured_every_card_is_untrusted()
    {
        using var ca = TestCardAuthority.Create();
        using var card = ca.IssueCard();
        using var trust = JpkiTrust.Load([]);

        Assert.Contains("MYNA_JPKI_CA_CERTS", trust.Check(card.Certificate, DateTimeOffset.UtcNow), StringComparison.Ordinal);
    }

    [Fact]
    public void a_card_not_valid_yet_is_untrusted()
    {
        using var ca = TestCardAuthority.Create();
        using var card = ca.IssueCard([0x01], DateTimeOffset.UtcNow.AddYears(5), notBefore: DateTimeOffset.UtcNow.AddDays(1));
        using var trust = new JpkiTrust([X509CertificateLoader.LoadCertificate(ca.Certificate.RawData)]);

        Assert.Equal("the certificate is not valid yet", trust.Check(card.Certificate, DateTimeOffset.UtcNow));
        Assert.Null(trust.Check(card.Certificate, DateTimeOffset.UtcNow.AddDays(2)));
    }

    [Fact]
    public void the_test_card_signs_exactly_the_sha256_digest_info_of_the_nonce()
    {
        using var ca = TestCardAuthority.Create();
        using var card = ca.IssueCard();
        var nonce = RandomNumberGenerator.GetBytes(32);

        var digestInfo = TestCard.DigestInfoFor(nonce);
        var signature = card.SignNonce(nonce);

        Assert.Equal(51, digestInfo.Length);
        Assert.Equal(256, signature.Length);
        using var key = card.Certificate.GetRSAPublicKey()!;
        Assert.True(key.VerifyData(nonce, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
        Assert.Equal(signature, card.SignDigestInfo(digestInfo)); // PKCS#1 v1.5 is deterministic
    }
}
