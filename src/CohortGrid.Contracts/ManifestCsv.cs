using System.Globalization;
using System.Text;

namespace CohortGrid.Contracts;

/// <summary>
/// Reads a cohort manifest from CSV: required columns <c>slide_id, patient_id, path</c> (or
/// <c>location</c>), optional <c>mpp</c>; relative paths resolve against the manifest's folder. An
/// optional clinical CSV has <c>patient_id, time, event</c> and any numeric covariate columns.
/// Every problem is reported at once with its row and column.
/// </summary>
public static class ManifestCsv
{
    public static CohortManifest Read(string manifestPath, string? clinicalPath = null, string? name = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(manifestPath);
        var problems = new List<string>();
        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(manifestPath))!;
        var (header, rows) = Parse(File.ReadAllText(manifestPath));
        var slideId = Column(header, problems, manifestPath, "slide_id");
        var patientId = Column(header, problems, manifestPath, "patient_id");
        var location = Column(header, problems, manifestPath, "path", "location");
        var mpp = Optional(header, "mpp");
        var slides = new List<ManifestSlide>();
        if (problems.Count == 0)
        {
            for (var r = 0; r < rows.Count; r++)
            {
                var row = rows[r];
                var where = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(manifestPath)} row {r + 2}");
                double? mppValue = null;
                if (mpp is { } m && Cell(row, m) is { Length: > 0 } text)
                {
                    if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                    {
                        mppValue = value;
                    }
                    else
                    {
                        problems.Add($"{where}, column mpp: '{text}' is not a number.");
                    }
                }

                var path = Cell(row, location);
                slides.Add(new ManifestSlide(Cell(row, slideId), Cell(row, patientId), path.Length == 0 ? "" : Path.GetFullPath(path, baseDirectory), mppValue));
            }
        }

        var clinical = clinicalPath is null ? [] : ReadClinical(clinicalPath, problems);
        if (problems.Count > 0)
        {
            throw new FormatException($"The manifest has {problems.Count} problem(s): {string.Join(" ", problems)}");
        }

        return new CohortManifest { Name = name ?? Path.GetFileNameWithoutExtension(manifestPath), Slides = slides, Clinical = clinical };
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

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : field;

    private static List<ClinicalRecord> ReadClinical(string path, List<string> problems)
    {
        var (header, rows) = Parse(File.ReadAllText(path));
        var patient = Column(header, problems, path, "patient_id");
        var time = Optional(header, "time");
        var @event = Optional(header, "event");
        var covariates = header.Select((h, i) => (h, i)).Where(p => p.h is not ("patient_id" or "time" or "event")).ToList();
        var records = new List<ClinicalRecord>();
        if (patient < 0)
        {
            return records;
        }

        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var where = string.Create(CultureInfo.InvariantCulture, $"{Path.GetFileName(path)} row {r + 2}");
            double? Number(int? column, string name)
            {
                if (column is not { } c || Cell(row, c) is not { Length: > 0 } text)
                {
                    return null;
                }

                if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    return value;
                }

                problems.Add($"{where}, column {name}: '{text}' is not a number.");
                return null;
            }

            var values = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var (name, column) in covariates)
            {
                if (Number(column, name) is { } value)
                {
                    values[name] = value;
                }
            }

            var eventValue = Number(@event, "event");
            records.Add(new ClinicalRecord(Cell(row, patient), Number(time, "time"), eventValue is { } e ? (int)e : null, values));
        }

        return records;
    }

    private static int Column(List<string> header, List<string> problems, string path, params string[] names)
    {
        foreach (var name in names)
        {
            var index = header.IndexOf(name);
            if (index >= 0)
            {
                return index;
            }
        }

        problems.Add($"{Path.GetFileName(path)}: missing column '{names[0]}' (columns are: {string.Join(", ", header)}).");
        return -1;
    }

    private static int? Optional(List<string> header, string name) => header.IndexOf(name) is >= 0 and var i ? i : null;

    private static string Cell(List<string> row, int column) => column < row.Count ? row[column].Trim() : "";

    // RFC 4180: quoted fields may hold commas, quotes ("") and line breaks.
    private static (List<string> Header, List<List<string>> Rows) Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
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
                if (row.Any(f => f.Length > 0))
                {
                    rows.Add(row);
                }

                row = [];
            }
            else
            {
                field.Append(c);
            }
        }

        row.Add(field.ToString());
        if (row.Any(f => f.Length > 0))
        {
            rows.Add(row);
        }

        if (rows.Count == 0)
        {
            return ([], []);
        }

        return ([.. rows[0].Select(h => h.Trim().ToLowerInvariant())], rows.Skip(1).ToList());
    }
}
