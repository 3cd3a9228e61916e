
namespace MynaEvents.VirtualCard.Tests.Vpcd;

public sealed class VpcdCardConnectionTests(TestCardSet cards) : IClassFixture<TestCardSet>
{
    private const byte PowerOff = 0x00;
    private const byte PowerOn = 0x01;
    private const byte Reset = 0x02;
    private const byte GetAtr = 0x04;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private async Task<InsertedCard> InsertAsync(JpkiCardOptions? options = null)
    {
        var reader = FakeVpcd.Listen();
        var card = cards.Emulator(options);
        var accepting = reader.AcceptCardAsync();
        var connection = await VpcdCardConnection.InsertAsync(card, reader.Port);
        await accepting;
        return new InsertedCard(reader, connection, card);
    }

    private sealed record InsertedCard(FakeVpcd Reader, VpcdCardConnection Connection, JpkiCardEmulator Card) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            await Reader.DisposeAsync();
        }
    }

    [Fact]
    public async Task the_get_atr_message_is_answered_with_the_cards_atr()
    {
        await using var inserted = await InsertAsync();
        var (reader, _, card) = inserted;

        await reader.SendControlAsync(GetAtr);

        Assert.Equal(card.Atr.ToArray(), await reader.ReceiveFrameAsync());
    }

    [Fact]
    public async Task power_and_reset_messages_get_no_answer()
    {
        await using var inserted = await InsertAsync();
        var (reader, _, card) = inserted;

        await reader.SendControlAsync(PowerOn);
        await reader.SendControlAsync(Reset);
        await reader.SendControlAsync(PowerOff);
        await reader.SendControlAsync(GetAtr);

        Assert.Equal(card.Atr.ToArray(), await reader.ReceiveFrameAsync()); // the first frame back answers the last message
    }

    [Fact]
    public async Task a_reset_message_ends_the_card_session()
    {
        await using var inserted = await InsertAsync();
        var reader = inserted.Reader;
        await reader.TransmitAsync(Apdu.SelectJpki);
        await reader.TransmitAsync(Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin));
        Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.Verify("1234")));

        await reader.SendControlAsync(Reset);

        Assert.Equal([0x69, 0x86], await reader.TransmitAsync(Apdu.TriesLeft));
    }

    [Theory]
    [InlineData(new byte[] { Reset })]
    [InlineData(new byte[] { PowerOff, PowerOn })]
    public async Task a_reset_or_a_power_cycle_from_the_reader_clears_both_pins_security_status(byte[] messages)
    {
        await using var inserted = await InsertAsync();
        var reader = inserted.Reader;
        await reader.TransmitAsync(Apdu.SelectJpki);
        await reader.TransmitAsync(Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin));
        Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.Verify("1234")));
        await reader.TransmitAsync(Apdu.SelectEf(CardIdentifiers.SigningPassword));
        Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.Verify("MYNA2026")));

        foreach (var message in messages)
            await reader.SendControlAsync(message);

        Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.SelectJpki));
        Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.SelectEf(CardIdentifiers.SigningPassword)));
        Assert.Equal([0x63, 0xC5], await reader.TransmitAsync(Apdu.TriesLeft));
        Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin)));
        Assert.Equal([0x63, 0xC3], await reader.TransmitAsync(Apdu.TriesLeft));
    }

    [Fact]
    public async Task a_command_apdu_is_answered_with_the_response_apdu()
    {
        await using var inserted = await InsertAsync();
        var (reader, _, card) = inserted;

        Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.SelectJpki));
        Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate)));
        var certificate = await reader.TransmitAsync(Apdu.ReadBinaryExtended(0, 65536));

        Assert.Equal([.. cards.Card.CertificateDer, 0x90, 0x00], certificate);
        Assert.Equal(3, card.Log.Count);
    }

    [Fact]
    public async Task quick_ack_is_set_again_after_every_receive_when_vpcd_writes_length_and_payload_separately()
    {
        await using var inserted = await InsertAsync();
        var reader = inserted.Reader;

        for (var i = 0; i < 20; i++)
            Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.SelectJpki, splitWrites: true));

        // Each frame arrives in at least one receive; each receive re-arms, or the delayed ACK
        // returns and costs ~40 ms per APDU (measured by `make bench BENCH_ARGS="--edge"`).
        Assert.True(inserted.Connection.QuickAckRearms >= 20, $"re-armed {inserted.Connection.QuickAckRearms} times for 20 frames");
    }

    [Fact]
    public async Task removing_the_card_closes_the_connection()
    {
        await using var inserted = await InsertAsync();
        var (reader, connection, _) = inserted;

        await connection.RemoveAsync();

        Assert.Null(await reader.ReceiveFrameAsync());
        Assert.True(connection.Completion.IsCompletedSuccessfully);
        await connection.RemoveAsync(); // removing twice is harmless
    }

    [Fact]
    public async Task a_card_pulled_during_reading_closes_the_connection_instead_of_answering()
    {
        await using var inserted = await InsertAsync(new JpkiCardOptions { Fault = new CardFault.RemoveDuringReadBinary(AfterReads: 1) });
        var (reader, connection, card) = inserted;
        await reader.TransmitAsync(Apdu.SelectJpki);
        await reader.TransmitAsync(Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate));
        await reader.TransmitAsync(Apdu.ReadBinary(0, 4));

        await reader.SendAsync(Apdu.ReadBinary(4, 0), splitWrites: false);

        Assert.Null(await reader.ReceiveFrameAsync());
        await connection.Completion.WaitAsync(Patience);
        Assert.True(card.ShouldRemoveNow);
    }

    [Fact]
    public async Task a_hung_card_sends_nothing_back_but_still_answers_the_presence_poll_and_a_reset_revives_it()
    {
        await using var inserted = await InsertAsync(new JpkiCardOptions { Fault = new CardFault.StopsAnswering(0xA4) });
        var (reader, connection, card) = inserted;

        await reader.SendAsync(Apdu.SelectJpki, splitWrites: false);
        await reader.SendControlAsync(GetAtr);

        // The first frame back answers the poll: the SELECT got nothing.
        Assert.Equal(card.Atr.ToArray(), await reader.ReceiveFrameAsync());
        Assert.False(connection.Completion.IsCompleted);
        await reader.SendControlAsync(Reset);
        Assert.Equal([0x90, 0x00], await reader.TransmitAsync(Apdu.SelectJpki));
    }

    [Fact]
    public async Task the_card_is_out_when_vpcd_goes_away()
    {
        await using var inserted = await InsertAsync();
        var (reader, connection, _) = inserted;

        reader.DropCard();

        await connection.Completion.WaitAsync(Patience);
    }

    [Fact]
    public async Task the_card_is_seen_once_the_reader_first_polls_it()
    {
        await using var inserted = await InsertAsync();
        var reader = inserted.Reader;
        await Task.Delay(TimeSpan.FromMilliseconds(100));
        Assert.False(inserted.Connection.SeenByReader.IsCompleted);

        await reader.SendControlAsync(GetAtr);

        await inserted.Connection.SeenByReader.WaitAsync(Patience);
    }

    [Fact]
    public async Task a_card_removed_before_the_reader_polled_it_was_never_seen()
    {
        await using var inserted = await InsertAsync();

        await inserted.Connection.RemoveAsync();

        await Assert.ThrowsAsync<IOException>(() => inserted.Connection.SeenByReader);
    }

    [Fact]
    public async Task insertion_waits_for_a_reader_that_starts_listening_late()
    {
        var port = FakeVpcd.FreePort();
        var card = cards.Emulator();

        var inserting = VpcdCardConnection.InsertAsync(card, port);
        await Task.Delay(TimeSpan.FromMilliseconds(400));
        Assert.False(inserting.IsCompleted);
        await using var reader = FakeVpcd.Listen(port);
        await reader.AcceptCardAsync();
        await using var connection = await inserting.WaitAsync(Patience);

        await reader.SendControlAsync(GetAtr);
        Assert.Equal(card.Atr.ToArray(), await reader.ReceiveFrameAsync());
    }

    [Fact]
    public async Task insertion_can_be_cancelled_while_waiting_for_a_reader()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => VpcdCardConnection.InsertAsync(cards.Emulator(), FakeVpcd.FreePort(), cancel.Token));
    }
}
