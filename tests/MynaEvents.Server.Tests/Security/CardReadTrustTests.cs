using System.Security.Cryptography.X509Certificates;
using MynaEvents.Server.Security.Challenges;
using MynaEvents.VirtualCard;

namespace MynaEvents.Server.Tests.Security;

/// <summary>
/// What a card read (目視 or 暗証番号, chosen after the read) requires of the card's certificate:
/// a signature that verifies, and, when JPKI CAs are configured, a chain to them; never a
/// certificate that is merely unexpired.
/// </summary>
public sealed class CardReadTrustTests : IDisposable
{
    private readonly TestCardAuthority _ca = TestCardAuthority.Create();
    private readonly JpkiTrust _configured;
    private readonly JpkiTrust _unconfigured = new([]);
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    public CardReadTrustTests() => _configured = new JpkiTrust([X509CertificateLoader.LoadCertificate(_ca.Certificate.RawData)]);

    public void Dispose()
    {
        _configured.Dispose();
        _unconfigured.Dispose();
        _ca.Dispose();
    }

    [Fact]
    public void a_card_of_the_configured_ca_is_accepted()
    {
        using var card = _ca.IssueCard();
        Assert.Null(_configured.CheckCardRead(card.Certificate, Now));
    }

    [Fact]
    public void a_card_long_expired_still_chains_because_its_age_is_the_domains_business()
    {
        using var expired = _ca.IssueCard([0x0e, 0x01], Now.AddYears(-2), notBefore: Now.AddYears(-7));
        Assert.Null(_configured.CheckCardRead(expired.Certificate, Now));
        Assert.Null(_configured.Check(expired.Certificate, Now)); // PIN mode takes the same path
    }

    [Fact]
    public void with_cas_configured_a_card_of_another_ca_is_refused_even_with_a_sound_signature()
    {
        using var rogue = TestCardAuthority.Create("MynaEvents Test JPKI User Authentication CA"); // same name, other key
        using var card = rogue.IssueCard();

        Assert.Contains("signature", _configured.CheckCardRead(card.Certificate, Now), StringComparison.Ordinal);
        using var otherName = TestCardAuthority.Create("Some Other CA");
        using var unrelated = otherName.IssueCard();
        Assert.Contains("chain", _configured.CheckCardRead(unrelated.Certificate, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void with_cas_configured_a_self_signed_card_is_refused()
    {
        using var selfSigned = ForgedCertificates.SelfSigned();
        Assert.NotNull(_configured.CheckCardRead(selfSigned, Now));
    }

    [Fact]
    public void a_card_of_the_configured_ca_with_a_broken_signature_is_refused_naming_the_signature()
    {
        using var card = _ca.IssueCard();
        using var broken = ForgedCertificates.WithBrokenSignature(card.Certificate);

        Assert.Contains("signature", _configured.CheckCardRead(broken, Now), StringComparison.Ordinal);
        Assert.Contains("signature", _configured.Check(broken, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void without_cas_a_self_signed_card_is_checked_against_its_own_key()
    {
        using var selfSigned = ForgedCertificates.SelfSigned();
        using var broken = ForgedCertificates.WithBrokenSignature(selfSigned);

        Assert.Null(_unconfigured.CheckCardRead(selfSigned, Now));
        Assert.Contains("signature", _unconfigured.CheckCardRead(broken, Now), StringComparison.Ordinal);
    }

    [Fact]
    public void without_cas_a_card_of_an_unknown_issuer_is_taken_as_read_but_pin_mode_still_refuses_it()
    {
        using var card = _ca.IssueCard();

        Assert.Null(_unconfigured.CheckCardRead(card.Certificate, Now));
        Assert.Contains("MYNA_JPKI_CA_CERTS", _unconfigured.Check(card.Certificate, Now), StringComparison.Ordinal);
    }
}
