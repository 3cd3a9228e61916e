using System.Text;

namespace MynaEvents.Bench.Reporting;

/// <summary>A Markdown table padded into columns, so it reads well in a terminal and pastes into docs as is.</summary>
internal sealed class MarkdownTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public MarkdownTable Add(params string[] cells)
    {
        if (cells.Length != headers.Length) throw new ArgumentException($"A row needs {headers.Length} cells.", nameof(cells));
        _rows.Add(cells);
        return this;
    }

    /// <summary>The first column is left-aligned (labels), the others right-aligned (figures).</summary>
    public string Render()
    {
        var widths = headers.Select((h, i) => Math.Max(3, _rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        var text = new StringBuilder();
        Line(text, headers, widths);
        text.Append('|');
        for (var i = 0; i < widths.Length; i++)
            text.Append(' ').Append(i == 0 ? new string('-', widths[i]) : new string('-', widths[i] - 1) + ":").Append(" |");
        text.AppendLine();
        foreach (var row in _rows) Line(text, row, widths);
        return text.ToString();
    }

    private static void Line(StringBuilder text, string[] cells, int[] widths)
    {
        text.Append('|');
        for (var i = 0; i < cells.Length; i++)
            text.Append(' ').Append(i == 0 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i])).Append(" |");
        text.AppendLine();
    }
}
