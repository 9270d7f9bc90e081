using CohortGrid.Analytics.Survival;

namespace CohortGrid.Cli.Commands;

/// <summary>
/// The rows of a table a survival command can use: those with no missing value in any column it needs (R's
/// na.omit), with the time and event columns decoded (event coded 0/1 or 1/2), numeric covariates, and text
/// columns (group, strata). Rows are labelled "line N" so errors point into the file.
/// </summary>
internal sealed class SurvivalInput
{
    private SurvivalInput(SurvivalCsv table, int[] rows, SurvivalData data)
    {
        Table = table;
        Rows = rows;
        Data = data;
    }

    public SurvivalCsv Table { get; }

    /// <summary>Data rows kept (0-based into the table).</summary>
    public IReadOnlyList<int> Rows { get; }

    public SurvivalData Data { get; }

    public int Dropped => Table.RowCount - Rows.Count;

    /// <summary>Loads the rows complete in <paramref name="time"/>, <paramref name="eventColumn"/> and <paramref name="others"/>.</summary>
    public static SurvivalInput Load(SurvivalCsv table, string time, string eventColumn, params string?[] others)
    {
        var timeIndex = table.Column(time);
        var eventIndex = table.Column(eventColumn);
        var needed = new[] { timeIndex, eventIndex }.Concat(others.Where(o => o is not null).Select(o => table.Column(o!))).ToArray();
        var rows = Enumerable.Range(0, table.RowCount).Where(r => needed.All(c => !table.IsMissing(r, c))).ToArray();
        if (rows.Length == 0)
        {
            throw new InvalidOperationException($"{table.Name}: no row has all of {string.Join(", ", needed.Select(c => table.Header[c]))}.");
        }

        var labels = rows.Select(r => $"line {table.Line(r)}").ToArray();
        var data = SurvivalData.FromCodes(
            [.. rows.Select(r => table.Number(r, timeIndex))],
            [.. rows.Select(r => table.Number(r, eventIndex))],
            labels);
        return new SurvivalInput(table, rows, data);
    }

    public double[] Numbers(string column)
    {
        var index = Table.Column(column);
        return [.. Rows.Select(r => Table.Number(r, index))];
    }

    public string[] Texts(string column)
    {
        var index = Table.Column(column);
        return [.. Rows.Select(r => Table.Text(r, index))];
    }

    /// <summary>How the event column was read, for the report.</summary>
    public string Coding => Data.Coding switch
    {
        EventCoding.OneTwo => "1/2 (2 = event)",
        _ => "0/1 (1 = event)",
    };
}
