namespace CohortGrid.Analytics.Survival;

/// <summary>
/// One row of a Cox fit's table, on the original covariate scale: coefficient β, hazard ratio exp(β), standard
/// error from the inverse information, Wald z = β/se, two-sided p, and the hazard ratio's confidence interval
/// exp(β ± z·se).
/// </summary>
public sealed record CoxCoefficient(
    string Name,
    double Coefficient,
    double HazardRatio,
    double StandardError,
    double Z,
    double P,
    double HazardRatioLower,
    double HazardRatioUpper);
