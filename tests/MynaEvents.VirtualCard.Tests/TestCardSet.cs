namespace MynaEvents.VirtualCard.Tests;

/// <summary>
/// One test CA and one card it issued, shared by a test class: RSA key generation is the slow
/// part of these tests, and a card's key pair never changes under the emulator.
/// </summary>
public sealed class TestCardSet : IDisposable
{
    public TestCardSet()
    {
        Authority = TestCardAuthority.Create();
        Card = Authority.IssueCard();
    }

    public TestCardAuthority Authority { get; }

    public TestCard Card { get; }

    public JpkiCardEmulator Emulator(JpkiCardOptions? options = null) => new(Card, Authority.Certificate, options);

    public void Dispose()
    {
        Card.Dispose();
        Authority.Dispose();
    }
}
