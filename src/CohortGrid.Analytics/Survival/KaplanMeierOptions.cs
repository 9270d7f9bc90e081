namespace CohortGrid.Analytics.Survival;

/// <summary>Confidence interval settings of a Kaplan–Meier fit; R's defaults (log transform, 95 %).</summary>
public sealed record KaplanMeierOptions
{
    /// <summary>Log intervals at 95 %, as R's <c>survfit</c>.</summary>
    public static KaplanMeierOptions Default { get; } = new();

    /// <summary>Transform of the confidence intervals (R's <c>conf.type</c>).</summary>
    public ConfidenceIntervalType ConfidenceType { get; init; } = ConfidenceIntervalType.Log;

    /// <summary>Confidence level (R's <c>conf.int</c>).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
}
