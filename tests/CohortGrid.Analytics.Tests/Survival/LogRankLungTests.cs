using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary><c>survdiff(Surv(time, status) ~ sex, lung)</c> against lung_reference.txt.</summary>
public sealed class LogRankLungTests
{
    [Fact]
    public void Log_rank_by_sex_matches_R_survdiff_on_lung()
    {
        var table = Lung.Complete("sex");

        var result = LogRank.Test(Lung.Outcomes(table), table.Strings("sex"));

        CoxLungTests.AssertRelative(10.3267419549, result.ChiSquare);
        Assert.Equal(1, result.DegreesOfFreedom);
        Assert.Equal(["1", "2"], result.Groups.Select(g => g.Group));
        Assert.Equal([112, 53], result.Groups.Select(g => g.Observed));
        Assert.Equal(91.58173903, result.Groups[0].Expected, 1e-7);
        Assert.Equal(73.41826097, result.Groups[1].Expected, 1e-7);
        Assert.Equal([138, 90], result.Groups.Select(g => g.Count));
    }
}
