using System.Globalization;
using System.Text;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// A clinical table for the survival commands: comma-separated with a header row, fields optionally quoted (with
/// "" for a quote, and commas or line breaks inside quotes), an empty field or NA meaning missing. Comment lines
/// starting with # before the header are skipped (R-exported fixtures carry one). Errors name the file, the line
/// and the column.
/// </summary>
internal sealed class SurvivalCsv
{
    private readonly Dictionary<string, int> _index;
    private readonly List<string[]> _rows;
    private readonly List<int> _lines;

    private SurvivalCsv(string name, string[] header, List<string[]> rows, List<int> lines)
    {
        Name = name;
        Header = header;
        _rows = rows;
        _lines = lines;
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < header.Length; i++)
        {
            _index.TryAdd(header[i], i);
        }
    }

    /// <summary>The file name used in messages.</summary>
    public string Name { get; }

    public IReadOnlyList<string> Header { get; }

    public int RowCount => _rows.Count;

    public static SurvivalCsv Load(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            throw new FileNotFoundException($"{file.FullName}: no such file.");
        }

        return Parse(File.ReadAllText(file.FullName), file.Name);
    }

    public static SurvivalCsv Parse(string text, string name)
    {
        var records = Records(text).Where(r => !(r.Fields.Length == 1 && r.Fields[0].Length == 0)).ToList();
        var start = 0;
        while (start < records.Count && records[start].Fields[0].StartsWith('#'))
        {
            start++;
        }

        if (start == records.Count)
        {
            throw new FormatException($"{name}: no header row.");
        }

        var header = records[start].Fields;
        var rows = new List<string[]>();
        var lines = new List<int>();
        foreach (var (line, fields) in records.Skip(start + 1))
        {
            if (fields.Length != header.Length)
            {
                throw new FormatException($"{name}: line {line} has {fields.Length} fields but the header has {header.Length}.");
            }

            rows.Add(fields);
            lines.Add(line);
        }

        return new SurvivalCsv(name, header, rows, lines);
    }

    /// <summary>Index of <paramref name="column"/>; an unknown name is an error listing the columns there are.</summary>
    public int Column(string column) =>
        _index.TryGetValue(column, out var index)
            ? index
            : throw new ArgumentException($"{Name}: no column '{column}' (columns: {string.Join(", ", Header)}).");

    /// <summary>The file line a data row (0-based) came from, for messages.</summary>
    public int Line(int row) => _lines[row];

    public bool IsMissing(int row, int column) => _rows[row][column] is "" or "NA";

    public string Text(int row, int column) => _rows[row][column];

    /// <summary>The number in a cell; a cell that is not a number is an error naming the line and column.</summary>
    public double Number(int row, int column)
    {
        var text = _rows[row][column];
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{Name}: line {_lines[row]}, column '{Header[column]}': '{text}' is not a number.");
    }

    private static IEnumerable<(int Line, string[] Fields)> Records(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var wasQuoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
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
                    line += ch == '\n' ? 1 : 0;
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    quoted = true;
                    wasQuoted = true;
                    break;
                case ',':
                    fields.Add(Finish(field, wasQuoted));
                    wasQuoted = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(Finish(field, wasQuoted));
                    wasQuoted = false;
                    yield return (recordLine, [.. fields]);
                    fields.Clear();
                    line++;
                    recordLine = line;
                    break;
                default:
                    field.Append(ch);
                    break;
            }
        }

        if (field.Length > 0 || fields.Count > 0 || wasQuoted)
        {
            fields.Add(Finish(field, wasQuoted));
            yield return (recordLine, [.. fields]);
        }
    }

    private static string Finish(StringBuilder field, bool quoted)
    {
        // Unquoted fields are trimmed ("3, 4" is two numbers); quoted ones are kept as written.
        var value = quoted ? field.ToString() : field.ToString().Trim();
        field.Clear();
        return value;
    }
}
