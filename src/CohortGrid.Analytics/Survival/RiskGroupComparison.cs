namespace CohortGrid.Analytics.Survival;

/// <summary>Risk groups of a cohort compared: hazard ratios against the lowest group, the underlying Cox fit, and the log-rank test.</summary>
public sealed record RiskGroupComparison(RiskCutoffs Cutoffs, IReadOnlyList<int> Assignments, IReadOnlyList<RiskGroupHazard> Groups, CoxFit Fit, LogRankResult LogRank);
