using System.Globalization;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>
/// The reference datasets (lung.csv and the R-exported fixtures): a header row, comma-separated, optionally
/// quoted fields, empty or NA meaning missing. Just enough CSV for files R's write.csv produces.
/// </summary>
internal sealed class CsvTable
{
    private readonly Dictionary<string, string[]> _columns;

    private CsvTable(Dictionary<string, string[]> columns, int rows)
    {
        _columns = columns;
        RowCount = rows;
    }

    public int RowCount { get; }

    public static CsvTable Load(string path)
    {
        var lines = File.ReadAllLines(path).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
        var header = Split(lines[0]);
        var cells = lines.Skip(1).Select(Split).ToArray();
        var columns = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var c = 0; c < header.Length; c++)
        {
            columns[header[c]] = [.. cells.Select(row => row[c])];
        }

        return new CsvTable(columns, cells.Length);
    }

    /// <summary>Numeric column, NaN where missing.</summary>
    public double[] Numbers(string column) =>
        [.. _columns[column].Select(v => v.Length == 0 || v == "NA" ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture))];

    public string[] Strings(string column) => _columns[column];

    /// <summary>Rows without a missing value in any of <paramref name="columns"/> (what R's na.omit keeps).</summary>
    public int[] CompleteRows(params string[] columns) =>
        [.. Enumerable.Range(0, RowCount).Where(r => columns.All(c => _columns[c][r].Length > 0 && _columns[c][r] != "NA"))];

    /// <summary>The table restricted to <paramref name="rows"/>.</summary>
    public CsvTable Rows(int[] rows) =>
        new(_columns.ToDictionary(kv => kv.Key, kv => rows.Select(r => kv.Value[r]).ToArray(), StringComparer.Ordinal), rows.Length);

    private static string[] Split(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(ch);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
