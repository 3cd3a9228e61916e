using System.Diagnostics.CodeAnalysis;
using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;
using MynaEvents.VirtualCard;
using Xunit.Abstractions;

namespace MynaEvents.Edge.Tests.Pcsc;

/// <summary>Mode A (目視): reading the user-authentication certificate through pcscd, reader B.</summary>
[Collection(PcscCollectionDefinition.Name)]
[SuppressMessage("Design", "CA1001", Justification = "xunit 2 disposes test classes through IAsyncLifetime.")]
public sealed class CertificateReadThroughPcscdTests(PcscFixture pcscd, ITestOutputHelper output) : IAsyncLifetime
{
    private readonly VirtualCardSlot _slot = new(pcscd.Reader('B'));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _slot.DisposeAsync();

    [Fact]
    public async Task the_certificate_read_through_an_extended_length_reader_is_the_cards_DER_in_one_read()
    {
        var (emulator, card) = await _slot.InsertAsync();
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);

        var (der, extended) = new JpkiCardSession(connection).ReadAuthenticationCertificate();

        Assert.Equal(card.CertificateDer, der);
        Assert.True(extended);
        Assert.Single(emulator.Log, e => e.Ins == 0xB0 && e.Extended);
        Assert.Equal(2, emulator.Log.Count(e => e.Ins == 0xB0));
    }

    [Fact]
    public async Task a_short_APDU_reader_is_reported_and_the_whole_certificate_is_still_read_in_chunks()
    {
        var (emulator, card) = await _slot.InsertAsync(new JpkiCardOptions { ExtendedApdu = false });
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);

        var (der, extended) = new JpkiCardSession(connection).ReadAuthenticationCertificate();

        Assert.Equal(card.CertificateDer, der);
        Assert.False(extended);
        var reads = emulator.Log.Where(e => e.Ins == 0xB0).ToList();
        Assert.Equal((ushort)0x6700, reads.Single(e => e.Extended).StatusWord);
        Assert.All(reads.Where(e => !e.Extended).Skip(1), e => Assert.True(e.Ne <= 256));
        Assert.Equal(1 + 1 + (der.Length - 4 + 255) / 256, reads.Count);
    }

    [Theory]
    [InlineData(true, 1)]
    [InlineData(false, 3)]
    public async Task a_card_taken_out_in_the_middle_of_the_read_is_reported_as_removed(bool extendedReader, int readsBeforeRemoval)
    {
        await _slot.InsertAsync(new JpkiCardOptions
        {
            ExtendedApdu = extendedReader,
            Fault = new CardFault.RemoveDuringReadBinary(readsBeforeRemoval),
        });
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(connection).ReadAuthenticationCertificate());

        output.WriteLine($"{error.Problem}: {error.Message}");
        Assert.Contains(error.Problem, new[] { CardProblem.CardRemoved, CardProblem.TruncatedResponse });
        Assert.True(await context.WaitForRemovalAsync(_slot.Reader.Name, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task an_answer_cut_short_to_one_byte_is_a_truncated_response()
    {
        await _slot.InsertAsync(new JpkiCardOptions { Fault = new CardFault.TruncatedResponse(0xB0) });
        using var context = PcscContext.Establish();
        using var connection = context.Connect(_slot.Reader.Name);

        var error = Assert.Throws<CardException>(() => new JpkiCardSession(connection).ReadAuthenticationCertificate());

        Assert.Equal(CardProblem.TruncatedResponse, error.Problem);
    }

    [Fact]
    public async Task a_pin_session_sends_each_apdu_once_and_selects_each_file_once()
    {
        var (emulator, card) = await _slot.InsertAsync();
        using var context = PcscContext.Establish();
        using var pin = PinBuffer.FromDigits("1234");

        using (var connection = context.Connect(_slot.Reader.Name))
        {
            var session = new JpkiCardSession(connection);
            var (der, _) = session.ReadAuthenticationCertificate();
            session.ReadPinTriesLeft();
            session.VerifyPin(pin);
            session.SignChallenge("challenge"u8);
            Assert.Equal(card.CertificateDer, der);
        }

        // Latency is measured by `make bench BENCH_ARGS="--edge"`; here: no APDU more than the flow needs.
        Assert.Equal(
            ["A4 D392F000260100000001", "A4 000A", "B0", "B0", "A4 0018", "20", "20", "A4 0017", "2A"],
            emulator.Log.Select(e => e.SelectedId is { } id ? $"{e.Ins:X2} {id}" : $"{e.Ins:X2}").ToArray());
    }
}
