using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;

namespace MynaEvents.Edge.Tests.Pcsc;

/// <summary>Readers, waiting for cards and PC/SC errors through pcscd, reader D.</summary>
[Collection(PcscCollectionDefinition.Name)]
[SuppressMessage("Design", "CA1001", Justification = "xunit 2 disposes test classes through IAsyncLifetime.")]
public sealed class ReaderWaitThroughPcscdTests(PcscFixture pcscd) : IAsyncLifetime
{
    private readonly VirtualCardSlot _slot = new(pcscd.Reader('D'));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _slot.DisposeAsync();

    [Fact]
    public void the_vpcd_readers_are_listed_by_their_full_pcscd_names()
    {
        using var context = PcscContext.Establish();

        var readers = context.ListReaders();

        Assert.Contains("Virtual PCD D 00 00", readers);
        Assert.Contains("Virtual PCD D 00 01", readers);
    }

    [Fact]
    public async Task waiting_for_a_card_in_an_empty_reader_times_out_cleanly()
    {
        using var context = await PcscContext.EstablishAsync(TimeSpan.FromSeconds(5));
        var clock = Stopwatch.StartNew();

        var reader = await context.WaitForCardAsync(_slot.Reader.Name, TimeSpan.FromMilliseconds(1500));

        Assert.Null(reader);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(1400), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task waiting_for_a_reader_that_is_not_plugged_in_times_out_instead_of_failing()
    {
        using var context = PcscContext.Establish();

        Assert.Null(await context.WaitForCardAsync("Reader That Is Not There 00 00", TimeSpan.FromMilliseconds(1200)));
    }

    [Fact]
    public async Task a_card_put_in_while_waiting_is_noticed_and_its_removal_too()
    {
        using var context = PcscContext.Establish();
        var waiting = context.WaitForCardAsync(_slot.Reader.Name, TimeSpan.FromSeconds(10));

        await Task.Delay(300);
        await _slot.InsertAsync();

        Assert.Equal(_slot.Reader.Name, await waiting);
        var snapshot = context.GetSnapshot();
        Assert.Equal([0x3B, 0xE0, 0x00, 0xFF, 0x81, 0x31, 0xFE, 0x45, 0x14], snapshot.Find(_slot.Reader.Name)!.Atr.ToArray());

        var removal = context.WaitForRemovalAsync(_slot.Reader.Name, TimeSpan.FromSeconds(10));
        await _slot.RemoveAsync();
        Assert.True(await removal);
    }

    [Fact]
    public async Task waiting_for_a_card_in_any_reader_names_the_reader_that_got_one()
    {
        await _slot.InsertAsync();
        using var context = PcscContext.Establish();

        Assert.Equal(_slot.Reader.Name, await context.WaitForCardAsync(null, TimeSpan.FromSeconds(5)));
        Assert.Equal(_slot.Reader.Name, ReaderChoice.Choose(context, null));
        Assert.Equal(_slot.Reader.Name, ReaderChoice.Choose(context, _slot.Reader.Name));
    }

    [Fact]
    public async Task a_wait_is_cancelled_promptly_through_its_token()
    {
        using var context = PcscContext.Establish();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => context.WaitForCardAsync(_slot.Reader.Name, Timeout.InfiniteTimeSpan, cancellation.Token));

        // The wait itself has no end: without the token it would never return. The bound is only
        // "long before forever", generous enough for a loaded machine (2 s was missed at 2.5 s).
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"cancelled after {clock.Elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void connecting_to_an_empty_reader_says_there_is_no_card()
    {
        using var context = PcscContext.Establish();

        var error = Assert.Throws<CardException>(() => context.Connect(_slot.Reader.Name));

        Assert.Equal(CardProblem.NoCard, error.Problem);
        Assert.Contains("SCARD_E_NO_SMARTCARD", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void a_reader_that_is_not_connected_is_reported_as_no_reader()
    {
        using var context = PcscContext.Establish();

        Assert.Equal(CardProblem.NoReader, Assert.Throws<CardException>(() => context.Connect("Reader That Is Not There 00 00")).Problem);
        Assert.Equal(CardProblem.NoReader, Assert.Throws<CardException>(() => ReaderChoice.Choose(context, "Reader That Is Not There 00 00")).Problem);
    }

    [Fact]
    public async Task a_card_taken_out_between_commands_is_reported_as_removed()
    {
        await _slot.InsertAsync();
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);
        var session = new JpkiCardSession(connection);
        session.SelectJpki();

        await _slot.RemoveAsync();

        var error = Assert.Throws<CardException>(() => session.ReadAuthenticationCertificate());
        Assert.Contains(error.Problem, new[] { CardProblem.CardRemoved, CardProblem.TruncatedResponse });
    }
}
