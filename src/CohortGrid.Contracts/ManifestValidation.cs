using System.Globalization;

namespace CohortGrid.Contracts;

/// <summary>
/// Checks a manifest as a whole and reports every problem at once, each with where it is (slide or
/// patient) — a researcher fixes them all in one go instead of one per submission.
/// </summary>
public static class ManifestValidation
{
    /// <summary>
    /// Problems found; empty when the manifest is valid. <paramref name="locationProblem"/> judges each slide location
    /// (allowed roots, storage account) and returns why it is refused, or <see langword="null"/>.
    /// </summary>
    public static IReadOnlyList<string> Validate(CohortManifest manifest, Func<string, string?> locationProblem)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(locationProblem);
        var problems = new List<string>();
        if (manifest.Slides.Count == 0)
        {
            problems.Add("The manifest lists no slides.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < manifest.Slides.Count; i++)
        {
            var slide = manifest.Slides[i];
            var where = string.Create(CultureInfo.InvariantCulture, $"slide {i + 1} ('{slide.SlideId}')");
            if (string.IsNullOrWhiteSpace(slide.SlideId))
            {
                problems.Add($"{where}: slide_id is empty.");
            }
            else if (!seen.Add(slide.SlideId))
            {
                problems.Add($"{where}: slide_id is used by another slide.");
            }

            if (string.IsNullOrWhiteSpace(slide.PatientId))
            {
                problems.Add($"{where}: patient_id is empty.");
            }

            if (string.IsNullOrWhiteSpace(slide.Location))
            {
                problems.Add($"{where}: location is empty.");
            }
            else if (locationProblem(slide.Location) is { } problem)
            {
                problems.Add($"{where}: {problem}");
            }

            if (slide.MppOverride is { } mpp && !(mpp is > 0.01 and <= 20))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: mpp {mpp} is outside 0.01-20 µm/px."));
            }
        }

        var patients = manifest.Slides.Select(s => s.PatientId).ToHashSet(StringComparer.Ordinal);
        foreach (var record in manifest.Clinical)
        {
            var where = $"clinical row for patient '{record.PatientId}'";
            if (!patients.Contains(record.PatientId))
            {
                problems.Add($"{where}: no slide belongs to this patient.");
            }

            if (record.Time is < 0 || record.Time is { } t && !double.IsFinite(t))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: time {record.Time} must be a non-negative number."));
            }

            if (record.Event is not (null or 0 or 1))
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: event {record.Event} must be 0 (censored) or 1 (event)."));
            }
        }

        if (manifest.Expression is { } expression)
        {
            var slides = manifest.Slides.Select(s => s.SlideId).ToHashSet(StringComparer.Ordinal);
            foreach (var row in expression.Rows)
            {
                if (!slides.Contains(row.SlideId))
                {
                    problems.Add($"expression row for slide '{row.SlideId}': no such slide in the manifest.");
                }

                if (row.Values.Count != expression.Genes.Count)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"expression row for slide '{row.SlideId}': {row.Values.Count} values for {expression.Genes.Count} genes."));
                }
            }
        }

        return problems;
    }
}
