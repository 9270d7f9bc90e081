using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>Log-rank tests with 3 and 4 groups and with strata against R's survdiff (Fixtures/references.txt).</summary>
public sealed class LogRankFixtureTests
{
    [Fact]
    public void Four_cell_types_on_veteran_match_R_survdiff()
    {
        var table = Fixtures.Dataset("veteran.csv");

        var result = LogRank.Test(Fixtures.Outcomes(table), table.Strings("celltype"));

        Assert.Equal(3, result.DegreesOfFreedom);
        Assert.Equal(["adeno", "large", "smallcell", "squamous"], result.Groups.Select(g => g.Group));
        Fixtures.AssertRelative("veteran.logrank.celltype.chisq", [result.ChiSquare]);
        Fixtures.AssertAbsolute("veteran.logrank.celltype.obs", result.Groups.Select(g => (double)g.Observed), 0);
        Fixtures.AssertRelative("veteran.logrank.celltype.exp", result.Groups.Select(g => g.Expected), 1e-9);
        Fixtures.AssertRelative("veteran.logrank.celltype.var.diag", result.Groups.Select(g => g.Variance), 1e-9);
        Fixtures.AssertAbsolute("veteran.logrank.celltype.n", result.Groups.Select(g => (double)g.Count), 0);
    }

    [Fact]
    public void Three_treatment_arms_on_colon_match_R_survdiff()
    {
        var table = Fixtures.Dataset("colon_death.csv");

        var result = LogRank.Test(Fixtures.Outcomes(table), table.Strings("rx"));

        // Ours are in string order (Lev, Lev+5FU, Obs); R's in factor order (Obs, Lev, Lev+5FU).
        var rOrder = new[] { "Obs", "Lev", "Lev+5FU" }.Select(name => result.Groups.Single(g => g.Group == name)).ToArray();
        Assert.Equal(2, result.DegreesOfFreedom);
        Fixtures.AssertRelative("colon.logrank.rx.chisq", [result.ChiSquare]);
        Fixtures.AssertAbsolute("colon.logrank.rx.obs", rOrder.Select(g => (double)g.Observed), 0);
        Fixtures.AssertRelative("colon.logrank.rx.exp", rOrder.Select(g => g.Expected), 1e-9);
        Fixtures.AssertRelative("colon.logrank.rx.var.diag", rOrder.Select(g => g.Variance), 1e-9);
        Assert.True(result.P < 0.01);
    }

    [Fact]
    public void Stratified_log_rank_matches_R_survdiff_with_strata()
    {
        var table = Fixtures.Dataset("veteran.csv");

        var result = LogRank.Test(Fixtures.Outcomes(table), table.Strings("trt"), table.Strings("celltype"));

        Fixtures.AssertRelative("veteran.logrank.trt.strata.celltype.chisq", [result.ChiSquare]);
    }

    [Fact]
    public void A_single_group_is_refused()
    {
        var data = SurvivalData.Create([1, 2, 3], [true, false, true]);

        var error = Assert.Throws<AnalyticsException>(() => LogRank.Test(data, ["a", "a", "a"]));

        Assert.Contains("at least two groups", error.Message, StringComparison.Ordinal);
    }
}
