using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;

namespace MynaEvents.Edge.Tests.Pcsc;

public class ReaderChoiceTests
{
    private const uint Empty = (uint)ReaderStates.Empty;
    private const uint WithCard = (uint)ReaderStates.Present;
    private const uint MuteCard = (uint)(ReaderStates.Present | ReaderStates.Mute);

    private static ReaderSnapshot Snapshot(params (string Name, uint State)[] readers) =>
        new([.. readers.Select(r => new ReaderStatus(r.Name, r.State | (7u << 16), []))], 0);

    [Fact]
    public void the_configured_reader_is_chosen_by_its_exact_name_card_or_not()
    {
        var snapshot = Snapshot(("Sony RC-S380 00 00", WithCard), ("ACS ACR39U 00 00", Empty));

        Assert.Equal("ACS ACR39U 00 00", ReaderChoice.Choose(snapshot, "ACS ACR39U 00 00"));
    }

    [Fact]
    public void a_configured_reader_that_is_not_connected_is_no_reader_and_the_message_lists_the_connected_ones()
    {
        var error = Assert.Throws<CardException>(() => ReaderChoice.Choose(Snapshot(("ACS ACR39U 00 00", Empty)), "ACS ACR39U"));

        Assert.Equal(CardProblem.NoReader, error.Problem);
        Assert.Contains("'ACS ACR39U 00 00'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void without_configuration_the_first_reader_holding_a_responsive_card_is_chosen()
    {
        var snapshot = Snapshot(("A 00 00", Empty), ("B 00 00", MuteCard), ("C 00 00", WithCard), ("D 00 00", WithCard));

        Assert.Equal("C 00 00", ReaderChoice.Choose(snapshot, null));
    }

    [Fact]
    public void without_readers_or_cards_the_problem_says_which()
    {
        Assert.Equal(CardProblem.NoReader, Assert.Throws<CardException>(() => ReaderChoice.Choose(Snapshot(), null)).Problem);
        Assert.Equal(CardProblem.NoCard, Assert.Throws<CardException>(() => ReaderChoice.Choose(Snapshot(("A 00 00", Empty)), null)).Problem);
    }

    [Fact]
    public void the_event_counter_in_the_high_word_is_not_taken_for_state_flags()
    {
        var status = new ReaderStatus("A 00 00", 0x0003_0022, []);

        Assert.Equal(ReaderStates.Present | ReaderStates.Changed, status.States);
        Assert.Equal(3, status.EventCount);
        Assert.True(status.HasCard);
    }
}
