using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Survival;

/// <summary>Harrell's C on lung against lung_reference.txt.</summary>
public sealed class ConcordanceLungTests
{
    [Fact]
    public void Harrell_C_of_age_matches_R_concordance_on_lung()
    {
        var table = Lung.Complete("age");

        var result = Concordance.Harrell(Lung.Outcomes(table), table.Numbers("age"));

        Assert.Equal(0.550239832118, result.C, 1e-10);
    }

    [Fact]
    public void Bootstrap_interval_contains_C_and_repeats_with_the_same_seed()
    {
        var table = Lung.Complete("age");
        var data = Lung.Outcomes(table);

        var first = Concordance.Bootstrap(data, table.Numbers("age"), replicates: 200, seed: 7);
        var second = Concordance.Bootstrap(data, table.Numbers("age"), replicates: 200, seed: 7);

        Assert.Equal(first, second);
        Assert.InRange(first.C, first.Lower, first.Upper);
        Assert.True(first.Upper - first.Lower is > 0.02 and < 0.2, $"interval {first.Lower}–{first.Upper}");
    }
}
