using MynaEvents.Server.Features.ReceiptExport;

namespace MynaEvents.Server.Tests.ReceiptExport;

/// <summary>How one cell is written: RFC 4180 quoting, and no cell a spreadsheet would run as a formula.</summary>
public sealed class ReceiptCsvTests
{
    [Theory]
    [InlineData("=1+2", "\"'=1+2\"")]
    [InlineData("+81-3-1234", "\"'+81-3-1234\"")]
    [InlineData("-2+3", "\"'-2+3\"")]
    [InlineData("@SUM(A1:A2)", "\"'@SUM(A1:A2)\"")]
    [InlineData("\t=1+2", "\"'\t=1+2\"")]
    [InlineData("\r=1+2", "\"'\r=1+2\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("=1+2,=3", "\"'=1+2,=3\"")]
    [InlineData("＝1+2", "\"'＝1+2\"")] // full-width forms, which Japanese spreadsheet input turns into formulas
    [InlineData("＋1", "\"'＋1\"")]
    [InlineData("－1", "\"'－1\"")]
    [InlineData("＠A1", "\"'＠A1\"")]
    public void a_cell_starting_like_a_formula_is_quoted_behind_a_single_quote(string value, string written) =>
        Assert.Equal(written, ReceiptCsv.Field(value));

    [Theory]
    [InlineData("33120015", "33120015")]
    [InlineData("131011", "131011")]
    [InlineData("2026-05-01", "2026-05-01")]
    [InlineData("030", "030")]
    [InlineData("シケン タロウ", "シケン タロウ")]
    [InlineData("ｼｹﾝ ﾀﾛｳ", "ｼｹﾝ ﾀﾛｳ")]
    [InlineData("試験 太郎", "試験 太郎")]
    [InlineData("記号1", "記号1")]
    [InlineData("a=b", "a=b")] // only the first character can start a formula
    [InlineData(" =1", " =1")]
    [InlineData("", "")]
    [InlineData(null, "")]
    [InlineData("読点, \"太郎\"", "\"読点, \"\"太郎\"\"\"")]
    public void other_cells_are_written_as_they_are_with_rfc4180_quoting_where_needed(string? value, string written) =>
        Assert.Equal(written, ReceiptCsv.Field(value));
}
