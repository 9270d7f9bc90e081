namespace CohortGrid.Analytics.Survival;

/// <summary>One group of a log-rank test: subjects, observed and expected events, and the variance of O − E (R's <c>survdiff</c> columns).</summary>
public sealed record LogRankGroup(string Group, int Count, int Observed, double Expected, double Variance)
{
    /// <summary>(O − E)²/E, as R prints.</summary>
    public double ObservedMinusExpectedSquaredOverExpected => Expected > 0 ? Math.Pow(Observed - Expected, 2) / Expected : double.NaN;

    /// <summary>(O − E)²/V, as R prints.</summary>
    public double ObservedMinusExpectedSquaredOverVariance => Variance > 0 ? Math.Pow(Observed - Expected, 2) / Variance : double.NaN;
}
