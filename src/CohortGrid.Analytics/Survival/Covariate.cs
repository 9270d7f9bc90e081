namespace CohortGrid.Analytics.Survival;

/// <summary>One covariate column of a Cox model: a name (used in messages and results) and one value per subject.</summary>
public sealed record Covariate(string Name, IReadOnlyList<double> Values);
