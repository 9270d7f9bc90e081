namespace CohortGrid.Analytics.Survival;

/// <summary>A k-group log-rank test: chi-square on k − 1 degrees of freedom (groups with no expected events left out, as R).</summary>
public sealed record LogRankResult(IReadOnlyList<LogRankGroup> Groups, double ChiSquare, int DegreesOfFreedom, double P);
