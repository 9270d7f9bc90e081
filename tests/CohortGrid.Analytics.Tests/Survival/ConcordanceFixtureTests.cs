using System.Diagnostics;
using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>Harrell's C and its pair counts against R's concordance() (Fixtures/references.txt).</summary>
public sealed class ConcordanceFixtureTests
{
    [Fact]
    public void Karno_as_protective_score_matches_R_concordance_with_pair_counts()
    {
        var table = Fixtures.Dataset("veteran.csv");

        var result = Concordance.Harrell(Fixtures.Outcomes(table), [.. table.Numbers("karno").Select(k => -k)]);

        AssertMatches("veteran.concordance.karno", result);
    }

    [Fact]
    public void Age_as_risk_matches_R_concordance_with_reverse()
    {
        var table = Fixtures.Dataset("veteran.csv");

        AssertMatches("veteran.concordance.age", Concordance.Harrell(Fixtures.Outcomes(table), table.Numbers("age")));
    }

    [Fact]
    public void Stratified_concordance_only_pairs_within_strata_as_R()
    {
        var table = Fixtures.Dataset("veteran.csv");

        AssertMatches("veteran.concordance.age.strata.celltype", Concordance.Harrell(Fixtures.Outcomes(table), table.Numbers("age"), table.Strings("celltype")));
    }

    [Fact]
    public void Ten_thousand_subjects_take_well_under_a_second()
    {
        var random = new Random(11);
        var n = 10_000;
        var risk = Enumerable.Range(0, n).Select(_ => random.NextDouble()).ToArray();
        var data = SurvivalData.Create([.. risk.Select(r => -Math.Log(random.NextDouble()) / Math.Exp(2 * r))], [.. risk.Select(_ => random.NextDouble() < 0.7)]);

        var watch = Stopwatch.StartNew();
        var result = Concordance.Harrell(data, risk);
        watch.Stop();

        Assert.InRange(result.C, 0.55, 0.75);
        Assert.True(watch.Elapsed.TotalSeconds < 1, $"{watch.Elapsed.TotalSeconds:0.000} s");
    }

    private static void AssertMatches(string key, ConcordanceResult result)
    {
        Fixtures.AssertAbsolute($"{key}.c", [result.C], 1e-12);
        Fixtures.AssertAbsolute(
            $"{key}.counts",
            [result.Concordant, result.Discordant, result.TiedRisk, result.TiedTime, result.TiedTimeAndRisk],
            0);
    }
}
