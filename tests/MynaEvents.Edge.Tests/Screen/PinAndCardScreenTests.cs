using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Queue;
using MynaEvents.Edge.Screen;

namespace MynaEvents.Edge.Tests.Screen;

public sealed class PinAndCardScreenTests
{
    private static readonly ReceptionScreen Japanese = new();
    private static readonly ReceptionScreen English = new(ScreenLanguage.English);

    [Fact]
    public void the_pin_prompt_asks_for_four_digits_and_says_how_many_tries_are_left()
    {
        Assert.Equal("暗証番号（数字4桁）を入力してください。\n（残り3回）", Japanese.PinPrompt(3));
        Assert.Equal("Please enter the card's 4-digit PIN.\n(3 tries left)", English.PinPrompt(3));
    }

    [Fact]
    public void before_the_last_try_the_prompt_warns_that_the_card_will_lock()
    {
        Assert.Contains("あと1回間違えるとロックされます", Japanese.LastTryWarning(), StringComparison.Ordinal);
        Assert.Contains("市区町村の窓口", Japanese.LastTryWarning(), StringComparison.Ordinal);
        Assert.Contains("one more wrong PIN will lock the card", English.LastTryWarning(), StringComparison.Ordinal);
        Assert.Contains("municipal office", English.LastTryWarning(), StringComparison.Ordinal);
        Assert.EndsWith(Japanese.LastTryWarning(), Japanese.PinPrompt(1), StringComparison.Ordinal);
        Assert.EndsWith(English.LastTryWarning(), English.PinPrompt(1), StringComparison.Ordinal);
        Assert.DoesNotContain(Japanese.LastTryWarning(), Japanese.PinPrompt(2), StringComparison.Ordinal);
    }

    [Fact]
    public void a_wrong_pin_says_how_many_tries_are_left_and_warns_on_the_last()
    {
        Assert.Equal("暗証番号が違います。残り2回です。", Japanese.WrongPin(2));
        Assert.Equal("Wrong PIN. 2 tries left.", English.WrongPin(2));
        Assert.Equal($"暗証番号が違います。残り1回です。\n{Japanese.LastTryWarning()}", Japanese.WrongPin(1));
        Assert.Equal($"Wrong PIN. 1 try left.\n{English.LastTryWarning()}", English.WrongPin(1));
        Assert.Equal(Japanese.PinBlocked(), Japanese.WrongPin(0));
        Assert.Equal(English.PinBlocked(), English.PinPrompt(0));
    }

    [Fact]
    public void a_blocked_pin_sends_the_patient_to_the_municipal_office_and_lets_the_check_go_on_another_way()
    {
        foreach (var part in new[] { "ロックされています", "市区町村の窓口", "初期化", "目視", "資格確認書" })
            Assert.Contains(part, Japanese.PinBlocked(), StringComparison.Ordinal);
        foreach (var part in new[] { "locked", "municipal office", "visual identity check (目視)", "qualification certificate (資格確認書)" })
            Assert.Contains(part, English.PinBlocked(), StringComparison.Ordinal);
    }

    [Fact]
    public void every_card_problem_has_its_own_message_in_both_languages()
    {
        foreach (var screen in new[] { Japanese, English })
        {
            var messages = Enum.GetValues<CardProblem>().Select(p => screen.CardProblem(p)).ToList();
            Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
            Assert.Equal(messages.Count, messages.Distinct().Count());
            Assert.All(Enum.GetValues<CardProblem>(), p => Assert.NotEqual(screen.GenericCardProblem(p), screen.CardProblem(p)));
        }
        Assert.All(Enum.GetValues<CardProblem>(), p => Assert.NotEqual(Japanese.CardProblem(p), English.CardProblem(p)));
    }

    [Theory]
    [InlineData(0x80100066u)] // SCARD_W_UNRESPONSIVE_CARD
    [InlineData(0x80100067u)] // SCARD_W_UNPOWERED_CARD
    public void a_card_that_does_not_power_up_or_answer_the_reset_asks_to_place_the_card_again_not_to_reconnect_the_reader(uint code)
    {
        var problem = MynaEvents.Edge.Pcsc.PcscError.ToProblem(code);

        Assert.Equal("カードを読み取れませんでした。カードの向きと位置を確かめて、カードリーダーに置き直してください。", Japanese.CardProblem(problem));
        Assert.Equal("The card could not be read. Check that it faces the right way and sits on the reader, then place it again.", English.CardProblem(problem));
        Assert.DoesNotContain("接続し直して", Japanese.CardProblem(problem), StringComparison.Ordinal);
        Assert.DoesNotContain("Reconnect the reader", English.CardProblem(problem), StringComparison.Ordinal);
    }

    [Fact]
    public void a_card_that_stops_answering_asks_to_take_it_off_and_place_it_again()
    {
        Assert.Contains("カードから応答がありません（時間切れ）", Japanese.CardProblem(CardProblem.Timeout), StringComparison.Ordinal);
        Assert.Contains("いったんリーダーから離し、置き直して", Japanese.CardProblem(CardProblem.Timeout), StringComparison.Ordinal);
        Assert.Contains("The card stopped answering (timed out). Take the card off the reader, place it again", English.CardProblem(CardProblem.Timeout), StringComparison.Ordinal);
    }

    [Fact]
    public void a_configured_reader_that_is_missing_is_named_with_the_readers_that_are_connected()
    {
        var missing = new CardException(CardProblem.NoReader, "missing")
        {
            ConfiguredReader = "Sony RC-S380 01 00",
            ConnectedReaders = ["ACS ACR39U 00 00", "Sony RC-S380 00 00"],
        };

        Assert.Equal(
            "設定されたカードリーダー「Sony RC-S380 01 00」が見つかりません。\n接続されているカードリーダー: 「ACS ACR39U 00 00」、「Sony RC-S380 00 00」\n"
            + "リーダーの接続を確認するか、設定（--reader / MYNA_EDGE_READER）を上のいずれかの名前に直してください。",
            Japanese.CardProblem(missing));
        Assert.Contains("Connected card readers: 'ACS ACR39U 00 00', 'Sony RC-S380 00 00'", English.CardProblem(missing), StringComparison.Ordinal);
        Assert.Contains("Connected card readers: none", English.ReaderNotFound("X", []), StringComparison.Ordinal);
        Assert.Equal(English.CardProblem(CardProblem.NoReader), English.CardProblem(new CardException(CardProblem.NoReader, "no reader at all")));
    }

    [Fact]
    public void a_problem_without_its_own_message_still_tells_staff_what_to_do()
    {
        Assert.Contains("カードを置き直して", Japanese.CardProblem((CardProblem)999), StringComparison.Ordinal);
        Assert.Contains("Place the card again", English.CardProblem((CardProblem)999), StringComparison.Ordinal);
    }

    [Fact]
    public void card_problems_that_are_pin_problems_read_like_the_pin_dialogue()
    {
        Assert.Equal(Japanese.WrongPin(1), Japanese.CardProblem(CardProblem.WrongPin, triesLeft: 1));
        Assert.Equal(English.PinBlocked(), English.CardProblem(CardProblem.PinBlocked));
        Assert.Contains("カードリーダーが見つかりません", Japanese.CardProblem(CardProblem.NoReader), StringComparison.Ordinal);
        Assert.Contains("No card reader found", English.CardProblem(CardProblem.NoReader), StringComparison.Ordinal);
    }

    [Fact]
    public void the_desk_asks_for_the_card_gives_it_back_and_offers_a_visual_check_when_the_pin_is_not_entered()
    {
        Assert.Equal("マイナンバーカードをカードリーダーに置いてください。", Japanese.WaitingForCard());
        Assert.Contains("take your card back", English.TakeCardBack(), StringComparison.Ordinal);
        Assert.Contains("カードをお取りください", Japanese.TakeCardBack(), StringComparison.Ordinal);
        Assert.Contains("目視", Japanese.PinDeclined(), StringComparison.Ordinal);
        Assert.Contains("visual identity check (目視)", English.PinDeclined(), StringComparison.Ordinal);
    }

    [Fact]
    public void a_pending_check_says_it_is_saved_and_will_be_sent_by_itself()
    {
        Assert.Equal("【確認待ち】サーバーに接続できません。確認内容はこの端末に保存されており、接続が戻ると自動で送信されます。（送信待ち 4件）", Japanese.Pending(4));
        Assert.Contains("[Pending] The server cannot be reached", English.Pending(4), StringComparison.Ordinal);
        Assert.Contains("sent automatically", English.Pending(4), StringComparison.Ordinal);
        Assert.Contains("(4 waiting)", English.Pending(4), StringComparison.Ordinal);
    }

    [Fact]
    public void a_refused_queued_command_says_which_step_when_why_and_what_to_do()
    {
        var refused = new RefusedCommand(7, Guid.NewGuid(), Guid.NewGuid().ToString(), QueuedCommandKind.Identity,
            new DateTimeOffset(2026, 11, 21, 0, 5, 0, TimeSpan.Zero), "HTTP 422 The command was refused; nothing was written: challengeId: the challenge expired");

        var japanese = Japanese.Refused(refused);
        var english = English.Refused(refused);

        Assert.Contains("2026年11月21日 09:05の本人確認をサーバーが受け付けませんでした", japanese, StringComparison.Ordinal);
        Assert.Contains("理由: HTTP 422", japanese, StringComparison.Ordinal);
        Assert.Contains("カードの読み取りからやり直す", japanese, StringComparison.Ordinal);
        Assert.Contains("The server refused the identity check made at 2026-11-21 09:05.", english, StringComparison.Ordinal);
        Assert.Contains("challengeId: the challenge expired", english, StringComparison.Ordinal);
    }
}
