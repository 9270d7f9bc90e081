namespace CohortGrid.Analytics.Survival;

/// <summary>
/// Hazard ratio of one risk group against the lowest, from a Cox model on group indicators. The lowest group is
/// the reference: hazard ratio 1, interval 1–1, and no test (P is NaN).
/// </summary>
public sealed record RiskGroupHazard(int Group, string Label, int Count, int Events, double HazardRatio, double Lower, double Upper, double P);
