using System.Diagnostics.CodeAnalysis;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;
using MynaEvents.VirtualCard;

namespace MynaEvents.Edge.Tests.Pcsc;

/// <summary>A card that stops answering in the middle of a command, through pcscd, reader B.</summary>
[Collection(PcscCollectionDefinition.Name)]
[SuppressMessage("Design", "CA1001", Justification = "xunit 2 disposes test classes through IAsyncLifetime.")]
public sealed class HungCardThroughPcscdTests(PcscFixture pcscd) : IAsyncLifetime
{
    /// <summary>Only a guard against a hang: the bound under test is much shorter.</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);

    private readonly VirtualCardSlot _slot = new(pcscd.Reader('B'));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _slot.DisposeAsync();

    [Fact]
    public async Task a_card_that_stops_answering_is_given_up_with_a_timeout_and_the_connection_takes_no_further_command()
    {
        var (emulator, _) = await _slot.InsertAsync(new JpkiCardOptions { Fault = new CardFault.StopsAnswering(0xB0) });
        using var card = PcscContext.ConnectOnOwnContext(_slot.Reader.Name, Bound);
        var session = new JpkiCardSession(card);

        var error = await Assert.ThrowsAsync<CardException>(() => Task.Run(() => session.ReadAuthenticationCertificate()).WaitAsync(HangGuard));

        Assert.Equal(CardProblem.Timeout, error.Problem);
        Assert.Contains("did not answer within 2 s", error.Message, StringComparison.Ordinal);
        Assert.True(emulator.IsHung);
        var next = Assert.Throws<CardException>(() => session.SelectJpki());
        Assert.Equal(CardProblem.Timeout, next.Problem);
        Assert.Contains("has not answered an earlier command", next.Message, StringComparison.Ordinal);
        Assert.Equal(1, emulator.Log.Count(e => e.Ins == 0xB0)); // nothing more reached the card
    }

    [Fact]
    public async Task connecting_to_a_card_another_program_keeps_to_itself_is_bounded()
    {
        var (emulator, card) = await _slot.InsertAsync();
        using var otherProgram = PcscContext.ConnectOnOwnContext(_slot.Reader.Name);
        var held = otherProgram.BeginTransaction();

        var error = await Assert.ThrowsAsync<CardException>(() => Task.Run(() => PcscContext.ConnectOnOwnContext(_slot.Reader.Name, Bound)).WaitAsync(HangGuard));

        Assert.Equal(CardProblem.Timeout, error.Problem);
        Assert.Contains("SCardConnect on reader 'Virtual PCD B 00 00': the card was not free (another program kept it) or did not answer within 2 s", error.Message, StringComparison.Ordinal);
        // The other program was not disturbed; letting go of the card ends the given-up connect too.
        var (der, _) = await Task.Run(() => new JpkiCardSession(otherProgram).ReadAuthenticationCertificate()).WaitAsync(HangGuard);
        Assert.Equal(card.CertificateDer, der);
        held.Dispose();
        Assert.False(emulator.IsHung);
    }

    [Fact]
    public async Task waiting_for_a_transaction_on_a_card_another_program_keeps_to_itself_is_bounded()
    {
        await _slot.InsertAsync();
        using var connection = PcscContext.ConnectOnOwnContext(_slot.Reader.Name, Bound);
        using var otherProgram = PcscContext.ConnectOnOwnContext(_slot.Reader.Name);
        var held = otherProgram.BeginTransaction();

        var error = await Assert.ThrowsAsync<CardException>(() => Task.Run(connection.BeginTransaction).WaitAsync(HangGuard));

        Assert.Equal(CardProblem.Timeout, error.Problem);
        Assert.Contains("SCardBeginTransaction on reader 'Virtual PCD B 00 00': another program kept the card to itself within 2 s", error.Message, StringComparison.Ordinal);
        held.Dispose();
    }

    [Fact]
    public async Task a_hung_card_stalls_no_other_context_and_its_removal_is_seen()
    {
        await _slot.InsertAsync(new JpkiCardOptions { Fault = new CardFault.StopsAnswering(0xA4) });
        using var watcher = PcscContext.Establish();
        using (var card = PcscContext.ConnectOnOwnContext(_slot.Reader.Name, Bound))
        {
            var error = await Assert.ThrowsAsync<CardException>(() => Task.Run(() => new JpkiCardSession(card).SelectJpki()).WaitAsync(HangGuard));
            Assert.Equal(CardProblem.Timeout, error.Problem);
        }

        // Disposing the hung card returned at once; the other context still answers.
        var snapshot = await Task.Run(watcher.GetSnapshot).WaitAsync(HangGuard);
        Assert.Contains(snapshot.Readers, r => r.Name == _slot.Reader.Name);

        var removal = watcher.WaitForRemovalAsync(_slot.Reader.Name, HangGuard);
        await _slot.RemoveAsync();
        Assert.True(await removal.WaitAsync(HangGuard));
    }

    [Fact]
    public async Task the_same_card_answers_again_once_it_is_placed_again()
    {
        var (emulator, card) = await _slot.InsertAsync(new JpkiCardOptions { Fault = new CardFault.StopsAnswering(0xB0) });
        using (var hung = PcscContext.ConnectOnOwnContext(_slot.Reader.Name, Bound))
            await Assert.ThrowsAsync<CardException>(() => Task.Run(() => new JpkiCardSession(hung).ReadAuthenticationCertificate()).WaitAsync(HangGuard));
        await _slot.RemoveAsync();

        var (_, fresh) = await _slot.InsertAsync();
        using var connection = PcscContext.ConnectOnOwnContext(_slot.Reader.Name, Bound);
        var (der, _) = await Task.Run(() => new JpkiCardSession(connection).ReadAuthenticationCertificate()).WaitAsync(HangGuard);

        Assert.Equal(fresh.CertificateDer, der);
        Assert.True(emulator.IsHung);
        Assert.NotEqual(card.CertificateDer, der);
    }
}
