namespace CohortGrid.Analytics.Survival;

/// <summary>A chi-square test: statistic, degrees of freedom (fractional for penalised fits, as R) and upper-tail p-value.</summary>
public sealed record ChiSquareTest(double ChiSquare, double DegreesOfFreedom, double P)
{
    internal static ChiSquareTest Of(double chiSquare, double degreesOfFreedom) =>
        new(chiSquare, degreesOfFreedom, StatMath.ChiSquareUpperP(chiSquare, degreesOfFreedom));
}
