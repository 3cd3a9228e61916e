using System.Buffers;
using System.Globalization;
using System.Text;

namespace MynaEvents.Server.Features.ReceiptExport;

/// <summary>
/// The CSV receipt software reads: UTF-8 with a BOM (so Excel and most レセコン detect it), CRLF
/// line ends, a Japanese header row, and RFC 4180 quoting (a field with a comma, a double quote,
/// CR or LF is quoted, inner quotes doubled). Dates are yyyy-MM-dd; 本人家族 is 本人 or 家族.
/// </summary>
/// <remarks>
/// Names, 記号 and 番号 come from patients' documents and the national system, so a cell may
/// start with something a spreadsheet runs as a formula (CSV injection). Such a cell is
/// written as OWASP advises: a single quote in front, and the whole cell quoted, so it opens
/// as text. No column of this export is numeric (numbers, dates and ratios are digit strings
/// that never start with a sign), so no legitimate value is touched; docs/adr/0029.
/// </remarks>
internal static class ReceiptCsv
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static readonly IReadOnlyList<string> Header =
        ["保険者番号", "保険者名", "記号", "番号", "枝番", "氏名", "氏名カナ", "生年月日", "本人家族", "負担割合", "施術日", "確認方法", "確認ID"];

    private static readonly UTF8Encoding Utf8WithBom = new(encoderShouldEmitUTF8Identifier: true);

    public static byte[] Write(IEnumerable<ReceiptExportRow> rows)
    {
        var text = new StringBuilder();
        Line(text, Header);
        foreach (var row in rows)
        {
            Line(text,
            [
                row.InsurerNumber, row.InsurerName, row.InsuredCardSymbol, row.InsuredIdentificationNumber, row.InsuredBranchNumber,
                row.Name, row.NameKana, Date(row.BirthDate), Family(row.PersonalFamily), row.BurdenRatio,
                Date(row.TreatmentDate), row.ConfirmationMethod, row.CheckId,
            ]);
        }
        return [.. Utf8WithBom.GetPreamble(), .. Utf8WithBom.GetBytes(text.ToString())];
    }

    /// <summary>
    /// What makes a spreadsheet read a cell as a formula (OWASP: = + - @ tab CR), and the
    /// full-width forms, which Japanese spreadsheet input turns into the same.
    /// </summary>
    private static readonly SearchValues<char> FormulaStarts = SearchValues.Create("=+-@\t\r＝＋－＠");

    /// <summary>One field as RFC 4180 writes it, never as a formula.</summary>
    public static string Field(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (FormulaStarts.Contains(value[0])) return Quoted("'" + value);
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? Quoted(value) : value;
    }

    private static string Quoted(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static void Line(StringBuilder text, IReadOnlyList<string?> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(Field(fields[i]));
        }
        text.Append("\r\n");
    }

    private static string? Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string? Family(int? code) => code switch
    {
        1 => "本人",
        2 => "家族",
        null => null,
        _ => code.Value.ToString(CultureInfo.InvariantCulture),
    };
}
