using CohortGrid.Analytics.Expression;

namespace CohortGrid.Analytics.Tests.Expression;

public sealed class GeneStatisticsTests
{
    [Fact]
    public void Pearson_r_matches_a_hand_computed_value()
    {
        // x̄ = 3, ȳ = 4: Σdxdy = 7, Σdx² = 10, Σdy² = 10 → r = 0.7.
        Assert.Equal(0.7, GeneStatistics.Pearson([1, 2, 3, 4, 5], [2, 5, 3, 4, 6]), 1e-12);
    }

    [Fact]
    public void Pearson_r_is_unaffected_by_a_large_common_offset()
    {
        Assert.Equal(0.7, GeneStatistics.Pearson([1e9 + 1, 1e9 + 2, 1e9 + 3, 1e9 + 4, 1e9 + 5], [2, 5, 3, 4, 6]), 1e-9);
    }

    [Fact]
    public void Pearson_r_of_a_constant_series_is_undefined()
    {
        Assert.True(double.IsNaN(GeneStatistics.Pearson([1, 1, 1], [1, 2, 3])));
    }

    [Fact]
    public void The_p_value_of_r_one_half_over_twenty_pairs_is_about_0_0248()
    {
        // t = 0.5·√(18/0.75) = 2.4495 on 18 df; two-sided tail by numerical integration of the t density: 0.0247696.
        Assert.Equal(0.0247696, GeneStatistics.PearsonPValue(0.5, 20), 1e-6);
        Assert.Equal(0.0247696, GeneStatistics.PearsonPValue(-0.5, 20), 1e-6);
    }

    [Fact]
    public void The_one_sided_p_value_is_half_the_two_sided_for_positive_r_and_its_complement_for_negative_r()
    {
        Assert.Equal(0.0247696 / 2, GeneStatistics.PearsonPValue(0.5, 20, CorrelationAlternative.Greater), 1e-6);
        Assert.Equal(1 - (0.0247696 / 2), GeneStatistics.PearsonPValue(-0.5, 20, CorrelationAlternative.Greater), 1e-6);
    }

    [Fact]
    public void The_p_value_is_one_for_no_correlation_and_zero_for_a_perfect_one()
    {
        Assert.Equal(1, GeneStatistics.PearsonPValue(0, 50), 1e-12);
        Assert.Equal(0, GeneStatistics.PearsonPValue(1, 50));
        Assert.Equal(1, GeneStatistics.PearsonPValue(double.NaN, 50));
        Assert.Throws<AnalyticsException>(() => GeneStatistics.PearsonPValue(0.3, 2));
    }

    [Fact]
    public void A_very_strong_correlation_keeps_a_tiny_but_positive_p_value()
    {
        // t ≈ 23.7 on 998 df: p near 1e-97, which 1 − CDF(|t|) would round to 0.
        var p = GeneStatistics.PearsonPValue(0.6, 1000);
        Assert.True(p is > 0 and < 1e-50, $"p = {p}");
    }

    [Fact]
    public void Holm_adjustment_matches_hand_computed_values_and_stays_monotone()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 times 4, 3, 2, 1 = 0.02, 0.03, 0.06, 0.04 → running max 0.02, 0.03, 0.06, 0.06.
        var q = GeneStatistics.Holm([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.03, 0.06, 0.06, 0.02], q, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Holm_adjustment_is_capped_at_one_and_leaves_missing_values_missing()
    {
        var q = GeneStatistics.Holm([0.5, double.NaN, 0.6]);
        Assert.Equal(1, q[0]);
        Assert.True(double.IsNaN(q[1]));
        Assert.Equal(1, q[2]);
    }

    [Fact]
    public void Benjamini_Hochberg_adjustment_matches_hand_computed_values()
    {
        // Sorted 0.005, 0.01, 0.03, 0.04 times 4/1, 4/2, 4/3, 4/4 = 0.02, 0.02, 0.04, 0.04; running min from the top.
        var fdr = GeneStatistics.BenjaminiHochberg([0.01, 0.04, 0.03, 0.005]);
        Assert.Equal([0.02, 0.04, 0.04, 0.02], fdr, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void Benjamini_Hochberg_takes_the_running_minimum_from_the_largest_p()
    {
        // 0.02·3/1 = 0.06, 0.03·3/2 = 0.045, 0.035·3/3 = 0.035 → 0.035 everywhere.
        var fdr = GeneStatistics.BenjaminiHochberg([0.035, 0.02, 0.03]);
        Assert.Equal([0.035, 0.035, 0.035], fdr, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void A_p_value_outside_the_unit_interval_is_rejected()
    {
        Assert.Throws<AnalyticsException>(() => GeneStatistics.Holm([0.1, 1.5]));
    }
}
