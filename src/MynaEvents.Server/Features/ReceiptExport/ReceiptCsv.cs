using System.Globalization;
using System.Text;

namespace MynaEvents.Server.Features.ReceiptExport;

/// <summary>
/// The CSV receipt software reads: UTF-8 with a BOM (so Excel and most レセコン detect it), CRLF
/// line ends, a Japanese header row, and RFC 4180 quoting (a field with a comma, a double quote,
/// CR or LF is quoted, inner quotes doubled). Dates are yyyy-MM-dd; 本人家族 is 本人 or 家族.
/// </summary>
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

    /// <summary>One field as RFC 4180 writes it.</summary>
    public static string Field(string? value) =>
        value is null ? "" :
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

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
