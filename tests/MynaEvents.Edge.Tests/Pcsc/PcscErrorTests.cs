using MynaEvents.Edge.Jpki;
using MynaEvents.Edge.Pcsc;

namespace MynaEvents.Edge.Tests.Pcsc;

public class PcscErrorTests
{
    [Theory]
    [InlineData(0x8010001Du, CardProblem.NoService)]
    [InlineData(0x8010001Eu, CardProblem.NoService)]
    [InlineData(0x8010002Eu, CardProblem.NoReader)]
    [InlineData(0x80100009u, CardProblem.NoReader)]
    [InlineData(0x80100017u, CardProblem.ReaderUnplugged)]
    [InlineData(0x8010000Cu, CardProblem.NoCard)]
    [InlineData(0x80100069u, CardProblem.CardRemoved)]
    [InlineData(0x80100068u, CardProblem.CardRemoved)]
    [InlineData(0x8010000Au, CardProblem.Timeout)]
    [InlineData(0x80100016u, CardProblem.ReaderError)]
    [InlineData(0x80100066u, CardProblem.CardUnresponsive)]
    [InlineData(0x80100067u, CardProblem.CardUnresponsive)]
    [InlineData(0x801000FFu, CardProblem.ReaderError)]
    public void each_PCSC_code_maps_to_what_the_reception_can_act_on(uint code, CardProblem problem) =>
        Assert.Equal(problem, PcscError.ToProblem(code));

    [Fact]
    public void a_code_has_its_symbolic_name_and_a_plain_explanation()
    {
        Assert.Equal("SCARD_W_REMOVED_CARD", PcscError.Name(0x80100069));
        Assert.Equal("The card was taken out of the reader.", PcscError.Explain(0x80100069));
    }

    [Fact]
    public void a_code_returned_as_a_negative_32_bit_value_is_the_same_code()
    {
        // winscard returns LONG (32-bit) values such as -2146435031; pcsc-lite returns 0x80100069 as a positive long.
        const int windows = unchecked((int)0x80100069);
        Assert.Equal(CardProblem.CardRemoved, PcscError.ToProblem(unchecked((uint)windows)));
    }

    [Fact]
    public void the_exception_names_the_operation_the_reader_and_the_code_in_hex()
    {
        var error = PcscError.ToException(0x80100016, "SCardTransmit", "Reader X 00 00");

        Assert.Equal(CardProblem.ReaderError, error.Problem);
        Assert.Equal(0x80100016u, error.PcscCode);
        Assert.Equal("SCardTransmit on reader 'Reader X 00 00' failed: The exchange with the card failed. (SCARD_E_NOT_TRANSACTED, 0x80100016)", error.Message);
    }

    [Fact]
    public void an_unnamed_code_is_shown_in_hex()
    {
        var error = PcscError.ToException(0x801000FF, "SCardConnect");

        Assert.Equal(CardProblem.ReaderError, error.Problem);
        Assert.Contains("0x801000FF", error.Message, StringComparison.Ordinal);
    }
}
