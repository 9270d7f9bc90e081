using System.Text;

namespace CohortGrid.Contracts;

/// <summary>
/// RFC 4180 CSV: quoted fields may hold commas, quotes (<c>""</c>) and line breaks; lines end with LF or
/// CRLF; a leading UTF-8 byte order mark is skipped; blank lines are skipped.
/// </summary>
internal static class CsvText
{
    /// <summary>The first record (the header, as written) and the records after it.</summary>
    public static (List<string> Header, List<List<string>> Rows) Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = text.StartsWith('\uFEFF') ? 1 : 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                row.Add(field.ToString());
                field.Clear();
                AddUnlessBlank(rows, row);
                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        row.Add(field.ToString());
        AddUnlessBlank(rows, row);
        return rows.Count == 0 ? ([], []) : (rows[0], rows.GetRange(1, rows.Count - 1));
    }

    private static void AddUnlessBlank(List<List<string>> rows, List<string> row)
    {
        if (row.Any(f => !string.IsNullOrWhiteSpace(f)))
        {
            rows.Add(row);
        }
    }
}
