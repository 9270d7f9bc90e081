using CohortGrid.Contracts;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Analytics;

/// <summary>
/// A <see cref="PlantedCohorts"/> cohort with stage and age covariates. Generated once per seed under the temp folder
/// (and reused by later runs).
/// </summary>
internal static class PlantedCohort
{
    public static string Root => Path.Combine(Path.GetTempPath(), "cohortgrid-planted-cohorts");

    public static CohortManifest Create(int seed, int patients, bool withLabels = true)
    {
        // Stage follows grade coarsely (as in real cohorts, where the image partly repeats the stage); age is unrelated.
        var labelled = PlantedCohorts.Generate(
            Path.Combine(Root, $"seed-{seed}-{patients}"),
            seed,
            patients,
            $"planted {seed}",
            slide => new Dictionary<string, double>
            {
                ["stage"] = 1 + Math.Floor(slide.Spec.Grade * 3.99),
                ["age"] = 50 + ((slide.Spec.Seed % 3000) / 100.0),
            });
        return withLabels ? labelled : new CohortManifest { Name = $"planted {seed} unlabelled", Slides = labelled.Slides };
    }
}
