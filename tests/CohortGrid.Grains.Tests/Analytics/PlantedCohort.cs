using CohortGrid.Contracts;
using CohortGrid.SampleData;

namespace CohortGrid.Grains.Tests.Analytics;

/// <summary>
/// A synthetic cohort with planted outcomes: small slides whose grade drives survival and three "genes", one slide
/// per patient. Generated once per seed under the temp folder (and reused by later runs).
/// </summary>
internal static class PlantedCohort
{
    public static string Root => Path.Combine(Path.GetTempPath(), "cohortgrid-planted-cohorts");

    public static CohortManifest Create(int seed, int patients, bool withLabels = true)
    {
        var options = new SampleCohortOptions
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
        var cohort = SampleCohort.Generate(Path.Combine(Root, $"seed-{seed}-{patients}"), options);
        var slides = cohort.Slides.Select(s => new ManifestSlide(s.SlideId, s.PatientId, Path.Combine(cohort.Directory, s.FileName))).ToList();
        if (!withLabels)
        {
            return new CohortManifest { Name = $"planted {seed} unlabelled", Slides = slides };
        }

        var survival = PlantedOutcomes.Survival(cohort.Slides.Select(s => (s.PatientId, s.Spec.Grade)), seed);
        var expression = PlantedOutcomes.Expression(cohort.Slides.Select(s => (s.SlideId, s.Spec.Grade)), seed + 1000);
        return new CohortManifest
        {
            Name = $"planted {seed}",
            Slides = slides,
            // Stage follows grade coarsely (as in real cohorts, where the image partly repeats the stage); age is unrelated.
            Clinical = [.. survival.Zip(cohort.Slides).Select(pair => new ClinicalRecord(pair.First.PatientId, pair.First.Time, pair.First.Event, new Dictionary<string, double>
            {
                ["stage"] = 1 + Math.Floor(pair.Second.Spec.Grade * 3.99),
                ["age"] = 50 + ((pair.Second.Spec.Seed % 3000) / 100.0),
            }))],
            Expression = new ExpressionTable([.. PlantedOutcomes.Genes], [.. expression.Select(e => new ExpressionRow(e.SlideId, e.Tpm))], IsLogTransformed: false),
        };
    }
}
