namespace MynaEvents.VirtualCard.Tests.Emulator;

public sealed class PinTests(TestCardSet cards) : IClassFixture<TestCardSet>
{
    private JpkiCardEmulator CardWithPinSelected(JpkiCardOptions? options = null)
    {
        var card = cards.Emulator(options);
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin));
        return card;
    }

    [Fact]
    public void asking_for_the_tries_left_does_not_spend_one()
    {
        var card = CardWithPinSelected();

        Assert.Equal([0x63, 0xC3], card.Process(Apdu.TriesLeft));
        Assert.Equal([0x63, 0xC3], card.Process(Apdu.TriesLeft));
        Assert.Equal(3, card.PinTriesLeft);
    }

    [Fact]
    public void a_wrong_pin_counts_down_and_the_third_blocks_the_card()
    {
        var card = CardWithPinSelected(new JpkiCardOptions { Pin = "1234" });

        Assert.Equal([0x63, 0xC2], card.Process(Apdu.Verify("0000")));
        Assert.Equal([0x63, 0xC1], card.Process(Apdu.Verify("1111")));
        Assert.Equal([0x63, 0xC0], card.Process(Apdu.Verify("2222")));

        Assert.Equal(0, card.PinTriesLeft);
        Assert.Equal([0x69, 0x84], card.Process(Apdu.Verify("1234")));
        Assert.Equal([0x69, 0x84], card.Process(Apdu.TriesLeft));
    }

    [Fact]
    public void the_right_pin_restores_all_tries()
    {
        var card = CardWithPinSelected(new JpkiCardOptions { Pin = "4321" });
        card.Process(Apdu.Verify("0000"));
        card.Process(Apdu.Verify("0000"));

        Assert.Equal([0x90, 0x00], card.Process(Apdu.Verify("4321")));
        Assert.Equal(3, card.PinTriesLeft);
    }

    [Fact]
    public void once_verified_the_tries_query_answers_success_until_the_session_ends()
    {
        var card = CardWithPinSelected();
        card.Ok(Apdu.Verify("1234"));

        Assert.Equal([0x90, 0x00], card.Process(Apdu.TriesLeft));

        card.Reset();
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin));
        Assert.Equal([0x63, 0xC3], card.Process(Apdu.TriesLeft));
    }

    [Fact]
    public void a_reset_keeps_the_tries_counter()
    {
        var card = CardWithPinSelected();
        card.Process(Apdu.Verify("9999"));

        card.Reset();
        card.PowerOff();
        card.PowerOn();

        Assert.Equal(2, card.PinTriesLeft);
        Assert.Equal([0x69, 0x86], card.Process(Apdu.TriesLeft)); // the selection went with the session
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin));
        Assert.Equal([0x63, 0xC2], card.Process(Apdu.TriesLeft));
    }

    [Fact]
    public void a_card_can_start_on_its_last_try_or_blocked()
    {
        Assert.Equal([0x63, 0xC1], CardWithPinSelected(new JpkiCardOptions { PinTries = 1 }).Process(Apdu.TriesLeft));
        Assert.Equal([0x69, 0x84], CardWithPinSelected(new JpkiCardOptions { PinTries = 0 }).Process(Apdu.TriesLeft));
    }

    [Fact]
    public void verify_needs_the_pin_ef_to_be_the_current_ef()
    {
        var card = cards.Emulator();
        card.Ok(Apdu.SelectJpki);

        Assert.Equal([0x69, 0x86], card.Process(Apdu.Verify("1234")));
        card.Ok(Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate));
        Assert.Equal([0x69, 0x86], card.Process(Apdu.TriesLeft));
        Assert.Equal(3, card.PinTriesLeft);
    }

    [Fact]
    public void a_pin_of_the_wrong_length_is_refused_without_spending_a_try()
    {
        var card = CardWithPinSelected();

        Assert.Equal([0x67, 0x00], card.Process(Apdu.Verify("123")));
        Assert.Equal([0x67, 0x00], card.Process(Apdu.Verify("12345")));
        Assert.Equal([0x67, 0x00], card.Process([0x00, 0x20, 0x00, 0x80, 0x00]));
        Assert.Equal(3, card.PinTriesLeft);
    }

    [Theory]
    [InlineData(0x00, 0x81)] // the PIN is chosen by the current EF, never by P2
    [InlineData(0x01, 0x80)]
    public void verify_refers_only_to_the_pin_of_the_current_application(byte p1, byte p2)
    {
        var card = CardWithPinSelected();

        Assert.Equal([0x6A, 0x86], card.Process([0x00, 0x20, p1, p2]));
    }

    [Theory]
    [InlineData("123")]
    [InlineData("12a4")]
    [InlineData("")]
    public void the_card_pin_must_be_four_digits(string pin)
    {
        var error = Assert.Throws<ArgumentException>(() => cards.Emulator(new JpkiCardOptions { Pin = pin }));
        Assert.Contains("Pin", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    public void the_starting_tries_are_between_zero_and_three(int tries)
    {
        Assert.Throws<ArgumentException>(() => cards.Emulator(new JpkiCardOptions { PinTries = tries }));
    }
}
