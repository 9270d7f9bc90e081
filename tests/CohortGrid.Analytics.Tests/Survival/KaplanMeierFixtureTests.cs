using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>Kaplan–Meier on veteran and colon against R's survfit with each confidence transform (Fixtures/references.txt).</summary>
public sealed class KaplanMeierFixtureTests
{
    [Theory]
    [InlineData(ConfidenceIntervalType.Log, "log")]
    [InlineData(ConfidenceIntervalType.LogLog, "log-log")]
    [InlineData(ConfidenceIntervalType.Plain, "plain")]
    public void Veteran_curve_and_intervals_match_R_survfit(ConfidenceIntervalType type, string key)
    {
        var curve = KaplanMeier.Fit(Fixtures.Outcomes(Fixtures.Dataset("veteran.csv")), new KaplanMeierOptions { ConfidenceType = type });

        var prefix = $"veteran.km.{key}";
        var steps = Fixtures.Values($"{prefix}.times").Select(curve.At).ToArray();
        Fixtures.AssertAbsolute($"{prefix}.n.risk", steps.Select(s => (double)s.AtRisk), 0);
        Fixtures.AssertAbsolute($"{prefix}.surv", steps.Select(s => s.Survival), 1e-8);
        Fixtures.AssertAbsolute($"{prefix}.std.err", steps.Select(s => s.StdErr), 1e-8);
        Fixtures.AssertAbsolute($"{prefix}.lower", steps.Select(s => s.Lower), 1e-8);
        Fixtures.AssertAbsolute($"{prefix}.upper", steps.Select(s => s.Upper), 1e-8);
        Fixtures.AssertAbsolute($"{prefix}.median", [curve.Median, curve.MedianLower, curve.MedianUpper], 0);
    }

    [Fact]
    public void Colon_curves_per_treatment_with_log_log_intervals_match_R_survfit()
    {
        var table = Fixtures.Dataset("colon_death.csv");

        var curves = KaplanMeier.FitGroups(Fixtures.Outcomes(table), table.Strings("rx"), new KaplanMeierOptions { ConfidenceType = ConfidenceIntervalType.LogLog });

        Assert.Equal(["Lev", "Lev+5FU", "Obs"], curves.Select(c => c.Group));
        var times = Fixtures.Values("colon.km.loglog.times");
        foreach (var curve in curves)
        {
            var steps = times.Select(curve.At).ToArray();
            var prefix = $"colon.km.loglog.{curve.Group}";
            Fixtures.AssertAbsolute($"{prefix}.surv", steps.Select(s => s.Survival), 1e-8);
            Fixtures.AssertAbsolute($"{prefix}.std.err", steps.Select(s => s.StdErr), 1e-8);
            Fixtures.AssertAbsolute($"{prefix}.lower", steps.Select(s => s.Lower), 1e-8);
            Fixtures.AssertAbsolute($"{prefix}.upper", steps.Select(s => s.Upper), 1e-8);
        }

        // R orders the medians Obs, Lev, Lev+5FU (its factor levels); Lev+5FU never drops to 0.5.
        var medians = Fixtures.Values("colon.km.median");
        Assert.Equal(medians[0], curves[2].Median);
        Assert.Equal(medians[1], curves[0].Median);
        Assert.True(double.IsNaN(curves[1].Median));
    }

    [Theory]
    [InlineData(4, "small.all.events.1to4.median")]
    [InlineData(6, "small.all.events.1to6.median")]
    public void Median_where_the_curve_is_exactly_one_half_is_the_midpoint_as_in_R(int n, string key)
    {
        var data = SurvivalData.Create([.. Enumerable.Range(1, n).Select(i => (double)i)], [.. Enumerable.Repeat(true, n)]);

        Assert.Equal(Fixtures.Value(key), KaplanMeier.Fit(data).Median);
    }

    [Fact]
    public void Confidence_limits_are_NaN_where_R_gives_NA_once_the_curve_reaches_zero()
    {
        var data = SurvivalData.Create([1, 2, 3], [true, true, true]);

        var last = KaplanMeier.Fit(data).Steps[^1];

        Assert.Equal(0, last.Survival);
        Assert.True(double.IsNaN(last.Lower) && double.IsNaN(last.Upper));
        Assert.True(double.IsPositiveInfinity(last.StdErrLog));
    }
}
