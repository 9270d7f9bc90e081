namespace CohortGrid.Cli;

/// <summary>A plain aligned text table for terminal output.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> _rows = [];

    public void Add(params string[] cells) => _rows.Add(cells);

    public void Write(TextWriter writer)
    {
        var widths = headers.Select((h, i) => Math.Max(h.Length, _rows.Select(r => i < r.Length ? r[i].Length : 0).DefaultIfEmpty(0).Max())).ToArray();
        WriteRow(writer, headers, widths);
        // The last column holds free text (errors); its rule stays header-sized.
        writer.WriteLine(string.Join("  ", widths.Select((w, i) => new string('-', i == widths.Length - 1 ? headers[i].Length : w))));
        foreach (var row in _rows)
        {
            WriteRow(writer, row, widths);
        }
    }

    private static void WriteRow(TextWriter writer, string[] cells, int[] widths) =>
        writer.WriteLine(string.Join("  ", widths.Select((w, i) => (i < cells.Length ? cells[i] : string.Empty).PadRight(i == widths.Length - 1 ? 0 : w))).TrimEnd());
}
