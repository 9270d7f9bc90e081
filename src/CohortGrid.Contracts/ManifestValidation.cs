using System.Globalization;
using static CohortGrid.Contracts.ManifestProblemCode;

namespace CohortGrid.Contracts;

/// <summary>
/// Checks a manifest as a whole and reports every problem at once, each with its table, row and column —
/// a researcher fixes them all in one go instead of one per submission.
/// </summary>
public static class ManifestValidation
{
    /// <summary>
    /// Problems found, in one pass over slides, clinical rows and expression rows; empty when the manifest is
    /// valid. Rows are 1-based indexes in the manifest's lists. <paramref name="locationProblem"/> judges each
    /// slide location (allowed roots, storage account) and returns why it is refused, or <see langword="null"/>.
    /// </summary>
    public static IReadOnlyList<ManifestProblem> Validate(CohortManifest manifest, Func<string, string?> locationProblem)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(locationProblem);
        var problems = new List<ManifestProblem>();
        ValidateSlides(manifest, locationProblem, problems);
        ValidateClinical(manifest, problems);
        ValidateExpression(manifest, problems);
        return problems;
    }

    private static void ValidateSlides(CohortManifest manifest, Func<string, string?> locationProblem, List<ManifestProblem> problems)
    {
        if (manifest.Slides.Count == 0)
        {
            problems.Add(ManifestProblem.InTable(ManifestProblem.ManifestTable, null, null, NoSlides, "no slides are listed; add at least one slide."));
        }

        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < manifest.Slides.Count; i++)
        {
            var slide = manifest.Slides[i];
            var row = i + 1;
            ManifestProblem Problem(string column, string code, string text) => ManifestProblem.InRow(ManifestProblem.ManifestTable, row, slide.SlideId, column, code, text);

            if (string.IsNullOrWhiteSpace(slide.SlideId))
            {
                problems.Add(Problem("slide_id", EmptyValue, "slide_id is empty; every slide needs a unique id."));
            }
            else if (!firstRow.TryAdd(slide.SlideId, row))
            {
                problems.Add(Problem("slide_id", DuplicateSlide, Invariant($"'{slide.SlideId}' is used by another slide (row {firstRow[slide.SlideId]}).")));
            }

            if (string.IsNullOrWhiteSpace(slide.PatientId))
            {
                problems.Add(Problem("patient_id", EmptyValue, "patient_id is empty."));
            }

            if (string.IsNullOrWhiteSpace(slide.Location))
            {
                problems.Add(Problem("location", EmptyValue, "the slide location is empty."));
            }
            else if (locationProblem(slide.Location) is { } problem)
            {
                problems.Add(Problem("location", LocationRefused, problem));
            }

            if (slide.MppOverride is { } mpp && !(mpp is > 0.01 and <= 20))
            {
                problems.Add(Problem("mpp", MppOutOfRange, Invariant($"mpp {mpp} is outside 0.01-20 µm/px.")));
            }
        }
    }

    private static void ValidateClinical(CohortManifest manifest, List<ManifestProblem> problems)
    {
        var patients = manifest.Slides.Select(s => s.PatientId).Where(p => p is not null).ToHashSet(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < manifest.Clinical.Count; i++)
        {
            var record = manifest.Clinical[i];
            var row = i + 1;
            ManifestProblem Problem(string column, string code, string text) => ManifestProblem.InRow(ManifestProblem.ClinicalTable, row, record.PatientId, column, code, text);

            if (string.IsNullOrWhiteSpace(record.PatientId))
            {
                problems.Add(Problem("patient_id", EmptyValue, "patient_id is empty."));
            }
            else if (!firstRow.TryAdd(record.PatientId, row))
            {
                problems.Add(Problem("patient_id", DuplicatePatient, Invariant($"patient '{record.PatientId}' already has a clinical row (row {firstRow[record.PatientId]}); give one row per patient.")));
            }
            else if (!patients.Contains(record.PatientId))
            {
                problems.Add(Problem("patient_id", UnknownPatient, "no slide in the manifest belongs to this patient."));
            }

            if (record.Time is { } time && !(time >= 0 && double.IsFinite(time)))
            {
                problems.Add(Problem("time", NegativeTime, Invariant($"time {time} must be a finite number of at least 0.")));
            }

            if (record.Event is { } @event && @event is not (0 or 1))
            {
                problems.Add(Problem("event", BadEvent, Invariant($"event {@event} must be 0 (censored) or 1 (event observed).")));
            }

            if (record.Time is null && record.Event is not null)
            {
                problems.Add(Problem("time", MissingOutcome, "an event is given without a time; give both or neither."));
            }
            else if (record.Time is not null && record.Event is null)
            {
                problems.Add(Problem("event", MissingOutcome, "a time is given without an event; give both or neither."));
            }

            foreach (var (name, value) in record.Covariates)
            {
                if (!double.IsFinite(value))
                {
                    problems.Add(Problem(name, NotANumber, Invariant($"{value} is not a finite number.")));
                }
            }
        }
    }

    private static void ValidateExpression(CohortManifest manifest, List<ManifestProblem> problems)
    {
        if (manifest.Expression is not { } expression)
        {
            return;
        }

        const string Table = ManifestProblem.ExpressionTable;
        var genes = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var g = 0; g < expression.Genes.Count; g++)
        {
            var gene = expression.Genes[g];
            if (string.IsNullOrWhiteSpace(gene))
            {
                problems.Add(ManifestProblem.InTable(Table, null, null, EmptyValue, Invariant($"gene {g + 1} has no name.")));
            }
            else if (!genes.TryAdd(gene, g))
            {
                problems.Add(ManifestProblem.InTable(Table, null, gene, DuplicateColumn, Invariant($"gene '{gene}' appears more than once (genes {genes[gene] + 1} and {g + 1}).")));
            }
        }

        var slides = manifest.Slides.Select(s => s.SlideId).Where(s => s is not null).ToHashSet(StringComparer.Ordinal);
        var firstRow = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < expression.Rows.Count; i++)
        {
            var values = expression.Rows[i];
            var row = i + 1;
            ManifestProblem Problem(string? column, string code, string text) => ManifestProblem.InRow(Table, row, values.SlideId, column, code, text);

            if (string.IsNullOrWhiteSpace(values.SlideId))
            {
                problems.Add(Problem("slide_id", EmptyValue, "slide_id is empty."));
            }
            else if (!firstRow.TryAdd(values.SlideId, row))
            {
                problems.Add(Problem("slide_id", DuplicateSlide, Invariant($"slide '{values.SlideId}' already has an expression row (row {firstRow[values.SlideId]}); give one row per slide.")));
            }
            else if (!slides.Contains(values.SlideId))
            {
                problems.Add(Problem("slide_id", UnknownSlide, "no slide in the manifest has this id."));
            }

            if (values.Values.Count != expression.Genes.Count)
            {
                problems.Add(Problem(null, ValueCount, Invariant($"{values.Values.Count} values for {expression.Genes.Count} genes; give one value per gene.")));
            }

            for (var g = 0; g < Math.Min(values.Values.Count, expression.Genes.Count); g++)
            {
                if (!double.IsFinite(values.Values[g]))
                {
                    problems.Add(Problem(expression.Genes[g], NotANumber, Invariant($"{values.Values[g]} is not a finite number.")));
                }
            }
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
