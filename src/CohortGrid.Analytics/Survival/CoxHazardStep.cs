namespace CohortGrid.Analytics.Survival;

/// <summary>One event time of a Cox baseline: subjects at risk, events, and the cumulative hazard at the covariate means.</summary>
public sealed record CoxHazardStep(double Time, int AtRisk, int Events, double CumulativeHazard);
