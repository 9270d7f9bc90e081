using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>Bad input fails with a message that names the row or covariate; a diverging fit is reported, never a silent NaN.</summary>
public sealed class ValidationTests
{
    [Fact]
    public void A_negative_time_is_refused_naming_the_row_and_label()
    {
        var error = Assert.Throws<AnalyticsException>(() => SurvivalData.Create([1, 2, -3], [true, false, true], ["p1", "p2", "p3"]));

        Assert.Equal("time is negative (-3) in row 3 (p3).", error.Message);
    }

    [Fact]
    public void A_missing_time_is_refused_naming_the_row()
    {
        var error = Assert.Throws<AnalyticsException>(() => SurvivalData.Create([1, double.NaN], [true, false]));

        Assert.Equal("time is missing (NaN) in row 2.", error.Message);
    }

    [Fact]
    public void An_event_code_of_3_is_refused_naming_the_row()
    {
        var error = Assert.Throws<AnalyticsException>(() => SurvivalData.FromCodes([1, 2, 3], [0, 3, 1]));

        Assert.Contains("event code 3 in row 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mixing_0_and_2_event_codes_is_refused()
    {
        var error = Assert.Throws<AnalyticsException>(() => EventCodes.Decode([0, 1, 2]));

        Assert.Contains("mixes 0 and 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new double[] { 0, 1, 1, 0 }, EventCoding.ZeroOne, new[] { false, true, true, false })]
    [InlineData(new double[] { 1, 2, 2, 1 }, EventCoding.OneTwo, new[] { false, true, true, false })]
    [InlineData(new double[] { 1, 1, 1, 1 }, EventCoding.ZeroOne, new[] { true, true, true, true })]
    public void Event_codes_0_1_and_R_style_1_2_are_recognised(double[] codes, EventCoding coding, bool[] events)
    {
        var decoded = EventCodes.Decode(codes);

        Assert.Equal(coding, decoded.Coding);
        Assert.Equal(events, decoded.Events);
    }

    [Fact]
    public void A_constant_covariate_is_refused_naming_it()
    {
        var data = SurvivalData.Create([1, 2, 3, 4], [true, true, false, true]);

        var error = Assert.Throws<AnalyticsException>(() =>
            CoxRegression.Fit(data, [new Covariate("age", [50, 60, 70, 80]), new Covariate("site", [2, 2, 2, 2])]));

        Assert.Contains("covariate 'site' is constant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_covariate_value_is_refused_naming_covariate_and_row()
    {
        var data = SurvivalData.Create([1, 2, 3, 4], [true, true, false, true], ["a", "b", "c", "d"]);

        var error = Assert.Throws<AnalyticsException>(() => CoxRegression.Fit(data, [new Covariate("age", [50, double.NaN, 70, 80])]));

        Assert.Equal("covariate 'age' is missing or not finite in row 2 (b).", error.Message);
    }

    [Fact]
    public void Collinear_covariates_are_refused()
    {
        var data = SurvivalData.Create([1, 2, 3, 4, 5], [true, true, false, true, true]);

        var error = Assert.Throws<AnalyticsException>(() =>
            CoxRegression.Fit(data, [new Covariate("a", [1, 2, 3, 4, 6]), new Covariate("b", [2, 4, 6, 8, 12])]));

        Assert.Contains("collinear", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Perfectly_separated_data_are_reported_as_not_converged()
    {
        var (data, covariates) = Separated();

        var fit = CoxRegression.Fit(data, covariates);

        Assert.False(fit.Converged);
        Assert.Contains("x", fit.ConvergenceMessage, StringComparison.Ordinal);
        Assert.Contains("infinite", fit.ConvergenceMessage, StringComparison.Ordinal);
        Assert.True(fit.Coefficients[0].Coefficient > 5);
    }

    [Fact]
    public void Perfectly_separated_data_throw_when_asked_to()
    {
        var (data, covariates) = Separated();

        var error = Assert.Throws<AnalyticsException>(() => CoxRegression.Fit(data, covariates, new CoxOptions { ThrowOnNonConvergence = true }));

        Assert.StartsWith("Cox fit did not converge", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Running_out_of_iterations_is_reported_as_not_converged()
    {
        var table = Lung.Complete("age", "sex");

        var fit = CoxRegression.Fit(Lung.Outcomes(table), Lung.Covariates(table, "age", "sex"), new CoxOptions { MaxIterations = 1 });

        Assert.False(fit.Converged);
        Assert.Contains("no convergence in 1 iterations", fit.ConvergenceMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void All_censored_data_cannot_fit_a_cox_model()
    {
        var data = SurvivalData.Create([1, 2, 3], [false, false, false]);

        var error = Assert.Throws<AnalyticsException>(() => CoxRegression.Fit(data, [new Covariate("x", [1, 2, 3])]));

        Assert.Contains("no events", error.Message, StringComparison.Ordinal);
    }

    private static (SurvivalData Data, Covariate[] Covariates) Separated()
    {
        // Whoever dies first always has the highest x in the risk set: the likelihood rises forever as β → ∞.
        var data = SurvivalData.Create([1, 2, 3, 4, 5, 6, 7, 8], [true, true, true, true, true, true, true, true]);
        return (data, [new Covariate("x", [8, 7, 6, 5, 4, 3, 2, 1])]);
    }
}
