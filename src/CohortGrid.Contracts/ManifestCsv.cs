using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using static CohortGrid.Contracts.ManifestProblemCode;

namespace CohortGrid.Contracts;

/// <summary>
/// Reads a cohort from CSV. The manifest has columns <c>slide_id, patient_id, path</c> (or <c>location</c>)
/// and an optional <c>mpp</c>; relative paths resolve against a base folder (the manifest's own when read
/// from a file), absolute paths and URLs (<c>az://</c>, <c>https://</c>) are kept as they are. An optional
/// clinical CSV has <c>patient_id</c>, optional <c>time</c> and <c>event</c>, and any other columns are numeric
/// covariates (an empty cell is an absent value). An optional expression CSV has <c>slide_id</c> and one
/// numeric column per gene, every value present. Header names are case-insensitive and trimmed; covariate
/// and gene names keep the header's spelling. Every problem is reported at once with its table, row and column.
/// </summary>
public static partial class ManifestCsv
{
    /// <summary>
    /// Reads a manifest (and optional clinical and expression tables) from files, relative slide paths
    /// resolving against the manifest's folder, and checks it (locations aside: the cluster judges those).
    /// </summary>
    /// <exception cref="FormatException">The files have problems; the message lists every one.</exception>
    public static CohortManifest Read(string manifestPath, string? clinicalPath = null, string? name = null, string? expressionPath = null, bool expressionIsLogTransformed = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        var fullPath = Path.GetFullPath(manifestPath);
        var result = Parse(
            File.ReadAllText(fullPath),
            clinicalPath is null ? null : File.ReadAllText(clinicalPath),
            expressionPath is null ? null : File.ReadAllText(expressionPath),
            new ManifestCsvOptions
            {
                Name = name ?? Path.GetFileNameWithoutExtension(manifestPath),
                BaseDirectory = Path.GetDirectoryName(fullPath),
                ExpressionIsLogTransformed = expressionIsLogTransformed,
                ManifestFileName = Path.GetFileName(manifestPath),
                ClinicalFileName = clinicalPath is null ? "" : Path.GetFileName(clinicalPath),
                ExpressionFileName = expressionPath is null ? "" : Path.GetFileName(expressionPath),
            });
        var problems = result.Validate(_ => null);
        return problems.Count > 0
            ? throw new FormatException($"The manifest has {problems.Count} problem(s): {string.Join(" ", problems.Select(p => p.Message))}")
            : result.Manifest;
    }

    /// <summary>
    /// Reads a manifest and optional clinical and expression tables from CSV text (an upload). Never throws
    /// for bad content: every parsing problem is in <see cref="ManifestReadResult.Problems"/>, and rows with
    /// problems still give entries where sensible (an unreadable number is left out, or NaN for an expression
    /// value). Validate the manifest with <see cref="ManifestReadResult.Validate"/> for the rest.
    /// </summary>
    public static ManifestReadResult Parse(string manifestCsv, string? clinicalCsv, string? expressionCsv, ManifestCsvOptions options)
    {
        ArgumentNullException.ThrowIfNull(manifestCsv);
        ArgumentNullException.ThrowIfNull(options);
        var problems = new List<ManifestProblem>();
        var manifest = new CohortManifest
        {
            Name = options.Name,
            Slides = ParseSlides(new CsvTable(ManifestProblem.ManifestTable, options.ManifestFileName, manifestCsv, problems), options.BaseDirectory),
            Clinical = clinicalCsv is null ? [] : ParseClinical(new CsvTable(ManifestProblem.ClinicalTable, options.ClinicalFileName, clinicalCsv, problems)),
            Expression = expressionCsv is null ? null : ParseExpression(new CsvTable(ManifestProblem.ExpressionTable, options.ExpressionFileName, expressionCsv, problems), options.ExpressionIsLogTransformed),
        };
        return new ManifestReadResult(manifest, problems);
    }

    /// <summary>Writes the slides as a manifest CSV (<c>slide_id, patient_id, path[, mpp]</c>) that <see cref="Read"/> reads back.</summary>
    public static void Write(string path, CohortManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var withMpp = manifest.Slides.Any(s => s.MppOverride is not null);
        var csv = new StringBuilder(withMpp ? "slide_id,patient_id,path,mpp\n" : "slide_id,patient_id,path\n");
        foreach (var slide in manifest.Slides)
        {
            csv.Append(Quote(slide.SlideId)).Append(',').Append(Quote(slide.PatientId)).Append(',').Append(Quote(slide.Location));
            if (withMpp)
            {
                csv.Append(',').Append(slide.MppOverride?.ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append('\n');
        }

        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>
    /// Writes clinical records as CSV (<c>patient_id, time, event</c> and one column per covariate, in order of
    /// first appearance; a missing value is an empty cell) that <see cref="Parse"/> and <see cref="Read"/> read back.
    /// </summary>
    public static void WriteClinical(string path, IEnumerable<ClinicalRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var list = records.ToList();
        var covariates = list.SelectMany(r => r.Covariates.Keys).Distinct(StringComparer.Ordinal).ToList();
        var csv = new StringBuilder("patient_id,time,event");
        foreach (var name in covariates)
        {
            csv.Append(',').Append(Quote(name));
        }

        csv.Append('\n');
        foreach (var record in list)
        {
            csv.Append(Quote(record.PatientId)).Append(',').Append(Format(record.Time)).Append(',').Append(record.Event?.ToString(CultureInfo.InvariantCulture));
            foreach (var name in covariates)
            {
                csv.Append(',').Append(record.Covariates.TryGetValue(name, out var value) ? Format(value) : "");
            }

            csv.Append('\n');
        }

        File.WriteAllText(path, csv.ToString());
    }

    /// <summary>
    /// Writes an expression table as CSV (<c>slide_id</c> and one column per gene) that <see cref="Parse"/> and
    /// <see cref="Read"/> read back; whether values are log-scale is not in the file (it is an option of reading).
    /// </summary>
    public static void WriteExpression(string path, ExpressionTable expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var csv = new StringBuilder("slide_id");
        foreach (var gene in expression.Genes)
        {
            csv.Append(',').Append(Quote(gene));
        }

        csv.Append('\n');
        foreach (var row in expression.Rows)
        {
            csv.Append(Quote(row.SlideId));
            foreach (var value in row.Values)
            {
                csv.Append(',').Append(Format(value));
            }

            csv.Append('\n');
        }

        File.WriteAllText(path, csv.ToString());
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static string? Format(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static bool TryNumber(string text, out double value) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static List<ManifestSlide> ParseSlides(CsvTable table, string? baseDirectory)
    {
        var slideId = table.Require("slide_id");
        var patientId = table.Require("patient_id");
        var location = table.Require("path", "location");
        var mpp = table.Find("mpp");
        if (table.Rows.Count == 0)
        {
            table.Problems.Add(ManifestProblem.InTable(table.Name, table.FileName, null, NoSlides, "no slides are listed; add a row per slide after the header."));
        }

        var slides = new List<ManifestSlide>(table.Rows.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var id = table.Cell(row, slideId);
            double? mppValue = null;
            if (table.Cell(row, mpp) is { Length: > 0 } text)
            {
                if (TryNumber(text, out var value))
                {
                    mppValue = value;
                }
                else
                {
                    table.Problems.Add(ManifestProblem.InRow(table.Name, r + 1, id, "mpp", NotANumber, $"'{text}' is not a number."));
                }
            }

            var path = table.Cell(row, location);
            if (path.Length > 0 && !IsUrl(path) && !Path.IsPathFullyQualified(path))
            {
                if (baseDirectory is null)
                {
                    table.Problems.Add(ManifestProblem.InRow(
                        table.Name, r + 1, id, table.Columns[location!.Value].ToLowerInvariant(), RelativePath,
                        $"'{path}' is a relative path and there is no folder to resolve it against; give an absolute path or an az:// location."));
                }
                else
                {
                    path = Path.GetFullPath(path, baseDirectory);
                }
            }

            slides.Add(new ManifestSlide(id, table.Cell(row, patientId), path, mppValue));
        }

        return slides;
    }

    private static List<ClinicalRecord> ParseClinical(CsvTable table)
    {
        var patient = table.Require("patient_id");
        var time = table.Find("time");
        var @event = table.Find("event");
        var covariates = table.DataColumns("patient_id", "time", "event");
        var records = new List<ClinicalRecord>(table.Rows.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var id = table.Cell(row, patient);
            double? Parsed(int? column, string name)
            {
                if (table.Cell(row, column) is not { Length: > 0 } text)
                {
                    return null;
                }

                if (TryNumber(text, out var value))
                {
                    return value;
                }

                table.Problems.Add(ManifestProblem.InRow(table.Name, r + 1, id, name, NotANumber, $"'{text}' is not a number."));
                return null;
            }

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (column, name) in covariates)
            {
                if (Parsed(column, name) is { } value)
                {
                    values[name] = value;
                }
            }

            // An event that is a number but no integer (0.5) cannot be held; one that is (2) is left to validation.
            int? eventValue = null;
            if (Parsed(@event, "event") is { } e)
            {
                if (e == Math.Floor(e) && e is >= int.MinValue and <= int.MaxValue)
                {
                    eventValue = (int)e;
                }
                else
                {
                    table.Problems.Add(ManifestProblem.InRow(table.Name, r + 1, id, "event", BadEvent, $"'{table.Cell(row, @event)}' must be 0 (censored) or 1 (event observed)."));
                }
            }

            records.Add(new ClinicalRecord(id, Parsed(time, "time"), eventValue, values));
        }

        return records;
    }

    private static ExpressionTable ParseExpression(CsvTable table, bool isLogTransformed)
    {
        var slide = table.Require("slide_id");
        var genes = table.DataColumns("slide_id");
        if (genes.Count == 0)
        {
            table.Problems.Add(ManifestProblem.InTable(table.Name, table.FileName, null, MissingColumn, "there are no gene columns; the header is slide_id and then one column per gene."));
        }

        var rows = new List<ExpressionRow>(table.Rows.Count);
        for (var r = 0; r < table.Rows.Count; r++)
        {
            var row = table.Rows[r];
            var id = table.Cell(row, slide);
            var fields = row.Count;
            while (fields > table.Columns.Count && string.IsNullOrWhiteSpace(row[fields - 1]))
            {
                fields--;
            }

            if (fields != table.Columns.Count)
            {
                table.Problems.Add(ManifestProblem.InRow(
                    table.Name, r + 1, id, null, ValueCount,
                    string.Create(CultureInfo.InvariantCulture, $"the row has {fields} fields but the header has {table.Columns.Count}; give one value per gene.")));
            }

            // Values the row lacks are left out and unreadable ones are NaN, so validation sees the same row.
            var values = new List<double>(genes.Count);
            foreach (var (column, _) in genes.Where(g => g.Column < fields))
            {
                var text = table.Cell(row, column);
                if (TryNumber(text, out var value))
                {
                    values.Add(value);
                    continue;
                }

                values.Add(double.NaN);
                table.Problems.Add(ManifestProblem.InRow(
                    table.Name, r + 1, id, table.Columns[column], NotANumber,
                    text.Length == 0 ? "the value is empty; expression values must all be present." : $"'{text}' is not a number."));
            }

            for (var extra = table.Columns.Count; extra < fields; extra++)
            {
                values.Add(TryNumber(table.Cell(row, extra), out var value) ? value : double.NaN);
            }

            rows.Add(new ExpressionRow(id, values));
        }

        return new ExpressionTable([.. genes.Select(g => g.Name)], rows, isLogTransformed);
    }

    // A scheme such as az://, https:// or file:// (a Windows drive letter has no "//").
    private static bool IsUrl(string location) => UrlScheme().IsMatch(location);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex UrlScheme();

    /// <summary>A parsed CSV table: its trimmed header, its rows, and where its problems go.</summary>
    private sealed class CsvTable
    {
        public CsvTable(string name, string? fileName, string text, List<ManifestProblem> problems)
        {
            Name = name;
            FileName = fileName;
            Problems = problems;
            var (header, rows) = CsvText.Parse(text);
            Columns = [.. header.Select(h => h.Trim())];
            Rows = rows;

            // A trailing comma in the header gives a nameless last column; harmless while it holds nothing.
            while (Columns.Count > 0 && Columns[^1].Length == 0 && Rows.All(row => Cell(row, Columns.Count - 1).Length == 0))
            {
                Columns.RemoveAt(Columns.Count - 1);
            }

            var first = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < Columns.Count; c++)
            {
                if (Columns[c].Length == 0)
                {
                    if (Rows.Any(row => Cell(row, c).Length > 0))
                    {
                        Problems.Add(ManifestProblem.InTable(Name, FileName, null, EmptyValue, string.Create(CultureInfo.InvariantCulture, $"column {c + 1} has values but no name in the header.")));
                    }
                }
                else if (!first.TryAdd(Columns[c], c))
                {
                    Problems.Add(ManifestProblem.InTable(
                        Name, FileName, Columns[c], DuplicateColumn,
                        string.Create(CultureInfo.InvariantCulture, $"column '{Columns[c]}' appears more than once (columns {first[Columns[c]] + 1} and {c + 1}); header names are case-insensitive and must be unique.")));
                }
            }
        }

        public string Name { get; }

        public string? FileName { get; }

        public List<ManifestProblem> Problems { get; }

        public List<string> Columns { get; }

        public List<List<string>> Rows { get; }

        /// <summary>The first column of that name (case-insensitive), or null.</summary>
        public int? Find(string name) => Columns.FindIndex(c => c.Equals(name, StringComparison.OrdinalIgnoreCase)) is >= 0 and var i ? i : null;

        /// <summary>The column of the first name present; a <c>missing-column</c> problem, and null, when none is.</summary>
        public int? Require(string name, params string[] alternatives)
        {
            var present = alternatives.Prepend(name).Select(Find).OfType<int>().ToList();
            if (present.Count > 1)
            {
                Problems.Add(ManifestProblem.InTable(
                    Name, FileName, Columns[present[1]].ToLowerInvariant(), DuplicateColumn,
                    $"columns '{Columns[present[0]]}' and '{Columns[present[1]]}' are the same column; keep one."));
            }

            if (present.Count > 0)
            {
                return present[0];
            }

            var either = alternatives.Length == 0 ? "" : $" (or {string.Join(", ", alternatives.Select(a => $"'{a}'"))})";
            var columns = Columns.Count == 0 ? "the table is empty" : $"columns are: {string.Join(", ", Columns)}";
            Problems.Add(ManifestProblem.InTable(Name, FileName, name, MissingColumn, $"missing column '{name}'{either} ({columns})."));
            return null;
        }

        /// <summary>Named columns other than the <paramref name="reserved"/> ones, each name once (the first of duplicates).</summary>
        public List<(int Column, string Name)> DataColumns(params string[] reserved)
        {
            var seen = new HashSet<string>(reserved, StringComparer.OrdinalIgnoreCase);
            return [.. Columns.Select((name, column) => (column, name)).Where(c => c.name.Length > 0 && seen.Add(c.name))];
        }

        /// <summary>The trimmed cell; empty when the column is absent or the row is short.</summary>
        public string Cell(List<string> row, int? column) => column is { } c && c < row.Count ? row[c].Trim() : "";
    }
}
