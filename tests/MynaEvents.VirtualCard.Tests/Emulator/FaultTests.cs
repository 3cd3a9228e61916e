namespace MynaEvents.VirtualCard.Tests.Emulator;

public sealed class FaultTests(TestCardSet cards) : IClassFixture<TestCardSet>
{
    [Fact]
    public void a_card_pulled_during_reading_answers_the_next_read_with_nothing_and_asks_to_be_removed()
    {
        var card = cards.Emulator(new JpkiCardOptions { Fault = new CardFault.RemoveDuringReadBinary(AfterReads: 2) });
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate));

        Assert.Equal(0x9000, Apdu.Sw(card.Process(Apdu.ReadBinary(0, 4))));
        Assert.Equal(0x9000, Apdu.Sw(card.Process(Apdu.ReadBinary(4, 0))));
        Assert.False(card.ShouldRemoveNow);

        Assert.Empty(card.Process(Apdu.ReadBinary(260, 0)));
        Assert.True(card.ShouldRemoveNow);
        Assert.Empty(card.Process(Apdu.SelectJpki)); // a removed card answers nothing at all
        Assert.Null(card.Log[^1].StatusWord);
    }

    [Fact]
    public void a_card_pulled_before_any_read_drops_at_the_first_read()
    {
        var card = cards.Emulator(new JpkiCardOptions { Fault = new CardFault.RemoveDuringReadBinary(AfterReads: 0) });
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate));

        Assert.Empty(card.Process(Apdu.ReadBinary(0, 4)));
        Assert.True(card.ShouldRemoveNow);
    }

    [Fact]
    public void a_truncated_response_is_a_single_byte_once()
    {
        var card = cards.Emulator(new JpkiCardOptions { Fault = new CardFault.TruncatedResponse(0xB0) });
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate));

        Assert.Equal([0x90], card.Process(Apdu.ReadBinary(0, 4)));
        Assert.Equal(0x9000, Apdu.Sw(card.Process(Apdu.ReadBinary(0, 4))));
        Assert.False(card.ShouldRemoveNow);
    }

    [Fact]
    public void an_unknown_status_answers_every_command_of_that_instruction_and_does_nothing()
    {
        var card = cards.Emulator(new JpkiCardOptions { Fault = new CardFault.UnknownStatus(0x20, 0x6F00) });
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin));

        Assert.Equal([0x6F, 0x00], card.Process(Apdu.TriesLeft));
        Assert.Equal([0x6F, 0x00], card.Process(Apdu.Verify("0000")));
        Assert.Equal(3, card.PinTriesLeft);
        Assert.Equal(0x9000, Apdu.Sw(card.Process(Apdu.SelectJpki)));
    }

    [Fact]
    public void a_card_that_stops_answering_answers_nothing_from_that_command_on_until_a_reset_and_then_behaves()
    {
        var card = cards.Emulator(new JpkiCardOptions { Fault = new CardFault.StopsAnswering(0xB0) });
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate));

        Assert.Empty(card.Process(Apdu.ReadBinary(0, 4)));
        Assert.True(card.IsHung);
        Assert.False(card.ShouldRemoveNow); // still in the reader
        Assert.Empty(card.Process(Apdu.SelectJpki));
        Assert.Null(card.Log[^1].StatusWord);

        card.Reset();

        Assert.False(card.IsHung);
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate), Apdu.ReadBinary(0, 4)); // the hang was once
    }

    [Fact]
    public void a_negative_read_count_is_refused()
    {
        Assert.Throws<ArgumentException>(() => cards.Emulator(new JpkiCardOptions { Fault = new CardFault.RemoveDuringReadBinary(-1) }));
    }
}
