using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary><c>coxph(Surv(time, status) ~ age + sex + ph.ecog, lung)</c> against lung_reference.txt (R 4.2.2, survival 3.5.3).</summary>
public sealed class CoxLungTests
{
    private static readonly string[] Names = ["age", "sex", "ph.ecog"];

    [Fact]
    public void Efron_coefficients_and_standard_errors_match_R_survival_on_lung()
    {
        var fit = Fit(CoxTies.Efron);

        Assert.True(fit.Converged, fit.ConvergenceMessage);
        AssertRelative(0.0110667645601, fit.Coefficients[0].Coefficient);
        AssertRelative(-0.5526123957036, fit.Coefficients[1].Coefficient);
        AssertRelative(0.4637284753704, fit.Coefficients[2].Coefficient);
        AssertRelative(0.0092674110137, fit.Coefficients[0].StandardError);
        AssertRelative(0.1677390537873, fit.Coefficients[1].StandardError);
        AssertRelative(0.1135772661620, fit.Coefficients[2].StandardError);
        AssertRelative(1.58999119005, fit.Coefficients[2].HazardRatio);
        AssertRelative(-3.29447664826, fit.Coefficients[1].Z);
        AssertRelative(9.86051372138e-04, fit.Coefficients[1].P);
        AssertRelative(4.44706665186e-05, fit.Coefficients[2].P);
    }

    [Fact]
    public void Efron_log_likelihoods_and_concordance_match_R_survival_on_lung()
    {
        var fit = Fit(CoxTies.Efron);

        Assert.Equal(-744.480455761, fit.LogLikelihoodNull, 1e-6);
        Assert.Equal(-729.230121375, fit.LogLikelihood, 1e-6);
        Assert.Equal(0.637135493, fit.Concordance.C, 1e-6);
        Assert.Equal(227, fit.Count);
        Assert.Equal(164, fit.EventCount);
    }

    [Fact]
    public void Breslow_coefficients_match_R_survival_on_lung()
    {
        var fit = Fit(CoxTies.Breslow);

        AssertRelative(0.0110411363495, fit.Coefficients[0].Coefficient);
        AssertRelative(-0.5518895697876, fit.Coefficients[1].Coefficient);
        AssertRelative(0.4629470405902, fit.Coefficients[2].Coefficient);
    }

    private static CoxFit Fit(CoxTies ties)
    {
        var table = Lung.Complete(Names);
        return CoxRegression.Fit(Lung.Outcomes(table), Lung.Covariates(table, Names), new CoxOptions { Ties = ties });
    }

    internal static void AssertRelative(double expected, double actual, double tolerance = 1e-6) =>
        Assert.True(Math.Abs(actual - expected) <= tolerance * Math.Abs(expected), $"expected {expected:R}, got {actual:R} (relative tolerance {tolerance})");
}
