using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace MynaEvents.VirtualCard.Tests.Cards;

public sealed class PersistenceTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"virtual-card-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_directory))
            Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public void a_saved_card_loads_with_the_same_certificate_and_key()
    {
        using var authority = TestCardAuthority.Create();
        using var card = authority.IssueCard();

        card.Save(_directory);
        using var loaded = TestCard.Load(_directory);

        Assert.True(TestCard.IsSavedIn(_directory));
        Assert.Equal(card.CertificateDer, loaded.CertificateDer);
        Assert.Equal(card.SignNonce([1, 2, 3]), loaded.SignNonce([1, 2, 3]));
        Assert.Equal(card.SigningCertificate.RawData, loaded.SigningCertificate.RawData);
        Assert.Equal(card.SigningCaCertificate.RawData, loaded.SigningCaCertificate.RawData);
        var digestInfo = TestCard.DigestInfoFor([4, 5, 6]);
        Assert.Equal(card.SignDigestInfoWithSigningKey(digestInfo), loaded.SignDigestInfoWithSigningKey(digestInfo));
    }

    [Fact]
    public void a_saved_authority_keeps_its_signing_ca_so_saved_cards_still_chain()
    {
        string signingCa;
        using (var created = TestCardAuthority.Create())
        {
            created.Save(_directory);
            signingCa = created.SigningCertificate.Thumbprint;
        }

        using var loaded = TestCardAuthority.LoadOrCreate(_directory);
        using var card = loaded.IssueCard();

        Assert.Equal(signingCa, loaded.SigningCertificate.Thumbprint);
        Assert.Equal(signingCa, card.SigningCaCertificate.Thumbprint);
    }

    [Fact]
    public void a_saved_authority_loads_and_still_issues_cards_that_chain_to_it()
    {
        using (var created = TestCardAuthority.Create())
            created.Save(_directory);

        using var loaded = TestCardAuthority.Load(_directory);
        using var card = loaded.IssueCard();

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(loaded.Certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        Assert.True(chain.Build(card.Certificate));
    }

    [Fact]
    public void load_or_create_keeps_one_authority_across_runs()
    {
        string first;
        using (var authority = TestCardAuthority.LoadOrCreate(_directory))
            first = authority.Certificate.Thumbprint;

        using var again = TestCardAuthority.LoadOrCreate(_directory);

        Assert.Equal(first, again.Certificate.Thumbprint);
    }

    [Fact]
    public void the_authority_certificate_is_saved_as_pem_for_a_server_to_trust()
    {
        using var authority = TestCardAuthority.Create();

        var path = authority.Save(_directory);

        Assert.Equal(Path.Combine(_directory, TestCardAuthority.CertificateFileName), path);
        using var trusted = X509Certificate2.CreateFromPem(File.ReadAllText(path));
        Assert.Equal(authority.Certificate.Thumbprint, trusted.Thumbprint);
    }

    [Fact]
    public void key_files_are_readable_by_the_owner_only()
    {
        if (OperatingSystem.IsWindows())
            return;
        using var authority = TestCardAuthority.Create();
        using var card = authority.IssueCard();

        authority.Save(_directory);
        card.Save(_directory);
        card.Save(_directory); // saving over existing files keeps them private

        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        var saved = new[]
        {
            TestCardAuthority.CertificateFileName, TestCardAuthority.PrivateKeyFileName, TestCardAuthority.SigningCertificateFileName,
            TestCardAuthority.SigningPrivateKeyFileName, TestCard.CertificateFileName, TestCard.PrivateKeyFileName, TestCard.SigningCertificateFileName,
            TestCard.SigningPrivateKeyFileName, TestCard.SigningCaCertificateFileName,
        };
        foreach (var name in saved)
            Assert.Equal(ownerOnly, File.GetUnixFileMode(Path.Combine(_directory, name)));
        Assert.Equal(ownerOnly | UnixFileMode.UserExecute, File.GetUnixFileMode(_directory));
        Assert.Equal(saved.Length, Directory.GetFiles(_directory).Length); // no temporary files left behind
    }

    [Fact]
    public void a_key_that_does_not_belong_to_the_certificate_is_refused()
    {
        using var authority = TestCardAuthority.Create();
        using var card = authority.IssueCard();
        card.Save(_directory);
        using var stranger = RSA.Create(2048);
        File.WriteAllBytes(Path.Combine(_directory, TestCard.PrivateKeyFileName), stranger.ExportPkcs8PrivateKey());

        var error = Assert.Throws<InvalidDataException>(() => TestCard.Load(_directory));
        Assert.Contains("does not belong", error.Message, StringComparison.Ordinal);
    }
}
