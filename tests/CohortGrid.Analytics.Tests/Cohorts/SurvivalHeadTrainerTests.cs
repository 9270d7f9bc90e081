using CohortGrid.Analytics.Cohorts;
using CohortGrid.Analytics.Survival;

namespace CohortGrid.Analytics.Tests.Cohorts;

public sealed class SurvivalHeadTrainerTests
{
    [Fact]
    public void A_planted_risk_direction_is_found_and_the_head_is_one_linear_score_of_the_raw_embedding()
    {
        var (x, data, latent) = Planted(n: 300, dimension: 16, seed: 3);

        var head = SurvivalHeadTrainer.Fit(x, data);

        // As good as knowing the true risk, give or take the noise of fitting it.
        var risks = x.Select(row => head.Score.Apply(row)).ToArray();
        var oracle = Concordance.Harrell(data, latent).C;
        var found = Concordance.Harrell(data, risks).C;
        Assert.True(oracle > 0.65, $"the planted signal is too weak for the test (oracle C {oracle})");
        Assert.True(found > oracle - 0.04, $"head C {found}, true-risk C {oracle}");

        // Scaling a feature the head ignores (a constant one) changes nothing; the head is linear in the raw values.
        var shifted = x[0].ToArray();
        shifted[0] += 1;
        Assert.Equal(head.Score.Weights[0], head.Score.Apply(shifted) - head.Score.Apply(x[0]), 9);
    }

    [Fact]
    public void Tertile_cut_offs_split_the_training_risks_into_three_groups_of_equal_size()
    {
        var risks = Enumerable.Range(0, 90).Select(i => (double)i).ToArray();

        var (cutOffs, names) = SurvivalHeadTrainer.RiskGroupCutOffs(risks, "tertiles");
        var head = new SurvivalHead(new LinearScore([1.0], 0), cutOffs, names, 1, 0);

        Assert.Equal(["low", "intermediate", "high"], names);
        Assert.Equal([30, 30, 30], names.Select(g => risks.Count(r => head.GroupOf(r) == g)));
    }

    [Fact]
    public void Too_few_events_or_an_unknown_grouping_are_clear_errors()
    {
        var (x, _, _) = Planted(n: 10, dimension: 4, seed: 1);
        var censored = SurvivalData.Create([.. Enumerable.Range(1, 10).Select(i => (double)i)], [.. Enumerable.Repeat(false, 9), true]);

        Assert.Contains("at least 2 events", Assert.Throws<AnalyticsException>(() => SurvivalHeadTrainer.Fit(x, censored)).Message, StringComparison.Ordinal);
        Assert.Contains("'quartiles'", Assert.Throws<AnalyticsException>(() => SurvivalHeadTrainer.RiskGroupCutOffs([1, 2, 3], "quartiles")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_embedding_of_another_width_is_refused_by_the_head()
    {
        var score = new LinearScore([1.0, 2.0], 0);

        Assert.Contains("another encoder", Assert.Throws<AnalyticsException>(() => score.Apply(new double[3])).Message, StringComparison.Ordinal);
    }

    // A latent "appearance" u drives survival (log hazard 1.5·u) and, as in real embeddings, loads on every feature
    // (plus noise); feature 0 is constant. The head must recover u's direction from the features alone.
    private static (List<double[]> X, SurvivalData Data, double[] Latent) Planted(int n, int dimension, int seed)
    {
        var random = new Random(seed);
        var loadings = Enumerable.Range(0, dimension).Select(_ => 0.5 + (0.5 * random.NextDouble())).ToArray();
        var x = new List<double[]>();
        var latent = new double[n];
        var times = new List<double>();
        var events = new List<bool>();
        for (var i = 0; i < n; i++)
        {
            latent[i] = (random.NextDouble() * 2) - 1;
            var row = loadings.Select(a => (a * latent[i]) + (0.3 * ((random.NextDouble() * 2) - 1))).ToArray();
            row[0] = 1;
            x.Add(row);
            times.Add(-Math.Log(1 - random.NextDouble()) / Math.Exp(1.5 * latent[i]));
            events.Add(random.NextDouble() > 0.2);
        }

        return (x, SurvivalData.Create(times, events), latent);
    }
}
