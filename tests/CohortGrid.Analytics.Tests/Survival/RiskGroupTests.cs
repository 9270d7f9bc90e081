using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>Risk groups from training cut-offs, reused on another cohort, with hazard ratios against the lowest group.</summary>
public sealed class RiskGroupTests
{
    [Fact]
    public void Median_cut_off_splits_at_R_median_and_equal_scores_fall_low()
    {
        var cutoffs = RiskCutoffs.Median([1, 2, 3, 4]);

        Assert.Equal([2.5], cutoffs.Values);
        Assert.Equal([0, 0, 1, 1], cutoffs.Assign([1, 2.5, 2.6, 9]));
    }

    [Fact]
    public void Tertiles_are_R_type_7_quantiles()
    {
        var cutoffs = RiskCutoffs.Quantiles([.. Enumerable.Range(1, 10).Select(i => (double)i)], 3);

        Assert.Equal(4, cutoffs.Values[0], 1e-12);
        Assert.Equal(7, cutoffs.Values[1], 1e-12);
        Assert.Equal(["low", "intermediate", "high"], Enumerable.Range(0, 3).Select(cutoffs.Label));
    }

    [Fact]
    public void Stored_cut_offs_are_reused_on_a_validation_cohort()
    {
        var training = RiskCutoffs.Quantiles([0.1, 0.5, 0.9, 1.3], 2);

        var reused = RiskCutoffs.FromValues(training.Values);

        Assert.Equal(training.Values, reused.Values);
        Assert.Equal(1, reused.Assign(5));
    }

    [Fact]
    public void Group_hazard_ratio_equals_the_cox_fit_on_the_indicator()
    {
        var table = Lung.Complete("age");
        var data = Lung.Outcomes(table);
        var age = table.Numbers("age");

        var comparison = RiskGroups.Compare(data, age, RiskCutoffs.Median(age));

        var high = comparison.Groups[1];
        var direct = CoxRegression.Fit(data, [new Covariate("high", [.. comparison.Assignments.Select(a => (double)a)])]);
        Assert.Equal(direct.Coefficients[0].HazardRatio, high.HazardRatio, 1e-12);
        Assert.Equal(1, comparison.Groups[0].HazardRatio);
        Assert.Equal(data.Count, comparison.Groups.Sum(g => g.Count));
        Assert.InRange(high.HazardRatio, high.Lower, high.Upper);
        Assert.Equal(1, comparison.LogRank.DegreesOfFreedom);
    }

    [Fact]
    public void An_empty_group_in_a_validation_cohort_is_a_clear_error()
    {
        var data = SurvivalData.Create([1, 2, 3], [true, true, false]);

        var error = Assert.Throws<AnalyticsException>(() => RiskGroups.Compare(data, [0.1, 0.2, 0.3], RiskCutoffs.FromValues([5])));

        Assert.Contains("risk group 'high' has no subjects", error.Message, StringComparison.Ordinal);
    }
}
