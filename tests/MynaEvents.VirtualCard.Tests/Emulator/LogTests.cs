using System.Text;

namespace MynaEvents.VirtualCard.Tests.Emulator;

public sealed class LogTests(TestCardSet cards) : IClassFixture<TestCardSet>
{
    [Fact]
    public void a_select_of_the_card_info_application_is_recorded()
    {
        var card = cards.Emulator();
        Assert.False(card.CardInfoApplicationSelected);

        card.Process(Apdu.SelectCardInfo);

        Assert.True(card.CardInfoApplicationSelected);
        var entry = Assert.Single(card.Log);
        Assert.Equal("D3921000310001010408", entry.SelectedId);
        Assert.Equal((0x00, 0xA4, 0x04, 0x0C, 10), (entry.Cla, entry.Ins, entry.P1, entry.P2, entry.Lc));
    }

    [Fact]
    public void a_jpki_session_never_marks_the_card_info_application_selected()
    {
        var card = cards.Emulator();
        card.VerifyPin();
        card.Ok(Apdu.SelectEf(CardIdentifiers.UserAuthenticationKey), Apdu.Sign(TestCard.DigestInfoFor([7])));

        Assert.False(card.CardInfoApplicationSelected);
        Assert.Equal(["D392F000260100000001", "0018", null, "0017", null], card.Log.Select(entry => entry.SelectedId));
    }

    [Fact]
    public void the_log_never_holds_pin_bytes()
    {
        var card = cards.Emulator(new JpkiCardOptions { Pin = "8642" });
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationPin));
        card.Process(Apdu.Verify("9753"));
        card.Process(Apdu.Verify("8642"));

        var verifies = card.Log.Where(entry => entry.Ins == 0x20).ToList();
        Assert.Equal(2, verifies.Count);
        Assert.All(verifies, entry => Assert.Equal((4, (string?)null), (entry.Lc, entry.SelectedId)));
        var logged = string.Join("\n", card.Log.Select(entry => entry.ToString()));
        foreach (var pin in new[] { "9753", "8642" })
        {
            Assert.DoesNotContain(pin, logged, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToHexString(Encoding.ASCII.GetBytes(pin)), logged, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public void each_entry_records_the_header_lengths_and_answer_at_the_time_received()
    {
        var clock = new SettableClock(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero));
        var card = cards.Emulator(new JpkiCardOptions { Clock = clock });
        card.Ok(Apdu.SelectJpki, Apdu.SelectEf(CardIdentifiers.UserAuthenticationCertificate));
        clock.Now += TimeSpan.FromSeconds(1);

        card.Process(Apdu.ReadBinaryExtended(0x0102, 0x0100));

        var read = card.Log[^1];
        Assert.Equal(clock.GetUtcNow(), read.Time);
        Assert.Equal("7 00 B0 01 02 Lc 0 Ne 256 extended", $"{read.Length} {read.Cla:X2} {read.Ins:X2} {read.P1:X2} {read.P2:X2} Lc {read.Lc} Ne {read.Ne} {(read.Extended ? "extended" : "short")}");
        Assert.Equal((ushort)0x9000, read.StatusWord);
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void every_command_is_announced_after_it_is_logged()
    {
        var card = cards.Emulator();
        var announced = new List<ApduLogEntry>();
        card.CommandLogged += (_, entry) => announced.Add(entry);

        card.Process(Apdu.SelectJpki);
        card.Process([0x00, 0xCA, 0x00, 0x00, 0x00]);

        Assert.Equal(card.Log, announced);
    }

    [Fact]
    public void the_log_is_a_snapshot()
    {
        var card = cards.Emulator();
        card.Process(Apdu.SelectJpki);
        var before = card.Log;

        card.Process(Apdu.SelectJpki);

        Assert.Single(before);
        Assert.Equal(2, card.Log.Count);
    }
}
