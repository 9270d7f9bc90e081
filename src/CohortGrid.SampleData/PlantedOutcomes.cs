using System.Globalization;

namespace CohortGrid.SampleData;

/// <summary>
/// Known signals planted into a synthetic cohort, so the analytics can be checked end to end: survival whose hazard
/// grows with each slide's <see cref="SyntheticSlideSpec.Grade"/>, and "genes" of which a few follow the grade and
/// the rest are noise. Nothing but the slides' pixels tells the cluster the grade.
/// </summary>
public static class PlantedOutcomes
{
    /// <summary>Planted genes: log2(1+TPM) rises (or falls) linearly with grade.</summary>
    public static IReadOnlyList<string> GradeGenes { get; } = ["GRADE_UP1", "GRADE_UP2", "GRADE_DOWN1"];

    /// <summary>Genes unrelated to the slides.</summary>
    public static IReadOnlyList<string> NoiseGenes { get; } = ["NOISE1", "NOISE2", "NOISE3", "NOISE4", "NOISE5"];

    /// <summary>
    /// Exponential survival with log hazard <paramref name="logHazardPerGrade"/> × (grade − 0.5) and a median of
    /// <paramref name="medianDays"/> at grade 0.5; uniform administrative censoring makes about
    /// <paramref name="censoredFraction"/> of the patients censored. Times are whole days (at least 1).
    /// </summary>
    public static IReadOnlyList<(string PatientId, double Time, int Event)> Survival(
        IEnumerable<(string PatientId, double Grade)> patients,
        int seed,
        double logHazardPerGrade = 4,
        double medianDays = 900,
        double censoredFraction = 0.25)
    {
        ArgumentNullException.ThrowIfNull(patients);
        var random = new Random(seed);
        var rate = Math.Log(2) / medianDays;
        var result = new List<(string, double, int)>();
        foreach (var (patient, grade) in patients)
        {
            var hazard = rate * Math.Exp(logHazardPerGrade * (grade - 0.5));
            var eventTime = -Math.Log(1 - random.NextDouble()) / hazard;

            // Censoring only where the coin says so, at a uniform fraction of the event time: the censored patients
            // are a random subset, independent of grade, as the Cox model assumes.
            var censored = random.NextDouble() < censoredFraction;
            var time = censored ? eventTime * random.NextDouble() : eventTime;
            result.Add((patient, Math.Max(1, Math.Round(time)), censored ? 0 : 1));
        }

        return result;
    }

    /// <summary>
    /// Expression per slide as TPM: <see cref="GradeGenes"/> at log2(1+TPM) = 4 ± 3 × grade plus noise (SD
    /// <paramref name="noise"/>), <see cref="NoiseGenes"/> at 5 plus noise of the same size.
    /// </summary>
    public static IReadOnlyList<(string SlideId, double[] Tpm)> Expression(IEnumerable<(string SlideId, double Grade)> slides, int seed, double noise = 0.35)
    {
        ArgumentNullException.ThrowIfNull(slides);
        var random = new Random(seed);
        var rows = new List<(string, double[])>();
        foreach (var (slide, grade) in slides)
        {
            var log = new[]
            {
                4 + (3 * grade) + Normal(random, noise),
                3 + (2 * grade) + Normal(random, noise),
                7 - (3 * grade) + Normal(random, noise),
            }.Concat(NoiseGenes.Select(_ => 5 + Normal(random, noise)));
            rows.Add((slide, [.. log.Select(v => Math.Round(Math.Pow(2, v) - 1, 4))]));
        }

        return rows;
    }

    /// <summary>The genes in column order of <see cref="Expression"/>.</summary>
    public static IReadOnlyList<string> Genes => [.. GradeGenes, .. NoiseGenes];

    /// <summary>CSV text of survival rows: <c>patient_id,time,event</c>.</summary>
    public static string SurvivalCsv(IEnumerable<(string PatientId, double Time, int Event)> rows) =>
        "patient_id,time,event\n" + string.Concat(rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.PatientId},{r.Time:R},{r.Event}\n")));

    private static double Normal(Random random, double sd)
    {
        // Box–Muller: enough for test data, and deterministic for a seed.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
