using CohortGrid.Contracts;
using CohortGrid.SampleData;

namespace CohortGrid.Testing;

/// <summary>
/// Synthetic cohorts with planted outcomes (<see cref="PlantedOutcomes"/>): small slides (about 15 tissue tiles each,
/// so a cohort runs in seconds) whose grade drives survival and three "genes", one slide per patient.
/// </summary>
public static class PlantedCohorts
{
    /// <summary>The slides of a planted cohort: <paramref name="patients"/> small ones, 40–50 % tissue.</summary>
    public static SampleCohortOptions SlideOptions(int seed, int patients) => new()
    {
        SlideCount = patients,
        Seed = seed,
        MinWidth = 1300,
        MaxWidth = 1600,
        MinHeight = 1000,
        MaxHeight = 1300,
        MinTissueCoverage = 0.4,
        MaxTissueCoverage = 0.5,
    };

    /// <summary>
    /// Generates the slides into <paramref name="directory"/> (reusing those already there) and labels them: survival
    /// planted with <paramref name="seed"/>, expression of <see cref="PlantedOutcomes.Genes"/> (as TPM) with
    /// <paramref name="seed"/> + 1000.
    /// </summary>
    /// <param name="directory">The slides' folder (their manifest paths are absolute).</param>
    /// <param name="seed">Seed of the slides and outcomes: the same seed gives the same cohort.</param>
    /// <param name="patients">Patients, one slide each.</param>
    /// <param name="name">The manifest's name.</param>
    /// <param name="covariates">Clinical covariates of a slide's patient; null for none.</param>
    public static CohortManifest Generate(string directory, int seed, int patients, string name, Func<SampleSlide, IReadOnlyDictionary<string, double>>? covariates = null)
    {
        var cohort = SampleCohort.Generate(directory, SlideOptions(seed, patients));
        var survival = PlantedOutcomes.Survival(cohort.Slides.Select(s => (s.PatientId, s.Spec.Grade)), seed);
        var expression = PlantedOutcomes.Expression(cohort.Slides.Select(s => (s.SlideId, s.Spec.Grade)), seed + 1000);
        return new CohortManifest
        {
            Name = name,
            Slides = [.. cohort.Slides.Select(s => new ManifestSlide(s.SlideId, s.PatientId, Path.Combine(cohort.Directory, s.FileName)))],
            Clinical = [.. survival.Zip(cohort.Slides).Select(pair => new ClinicalRecord(pair.First.PatientId, pair.First.Time, pair.First.Event, covariates?.Invoke(pair.Second) ?? new Dictionary<string, double>()))],
            Expression = new ExpressionTable([.. PlantedOutcomes.Genes], [.. expression.Select(e => new ExpressionRow(e.SlideId, e.Tpm))], IsLogTransformed: false),
        };
    }
}
