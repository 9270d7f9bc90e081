namespace CohortGrid.Analytics.Expression;

/// <summary>A gene left out of the regression, and why (for example, the same value in every sample).</summary>
public sealed record SkippedGene(string Gene, string Reason);
