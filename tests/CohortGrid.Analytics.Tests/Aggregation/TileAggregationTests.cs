using CohortGrid.Analytics.Aggregation;

namespace CohortGrid.Analytics.Tests.Aggregation;

public sealed class TileAggregationTests
{
    // Three tiles of a 2-d embedding.
    private static readonly float[] Tiles = [1, 2, 3, 4, 5, 9];

    [Fact]
    public void The_mean_averages_each_dimension_over_the_tiles()
    {
        Assert.Equal([3.0, 5.0], TileAggregation.Mean(Tiles, 2));
    }

    [Fact]
    public void A_slide_without_tiles_has_a_zero_vector_and_no_top_k_score()
    {
        Assert.Equal([0.0, 0.0], TileAggregation.Mean([], 2));
        Assert.True(double.IsNaN(TileAggregation.TopKMean([], 3)));
    }

    [Fact]
    public void Attention_with_equal_scores_is_the_mean_and_its_weights_sum_to_one()
    {
        var (vector, weights) = TileAggregation.Attention(Tiles, 2, [0.0, 0.0]);

        Assert.Equal(3.0, vector[0], 12);
        Assert.Equal(5.0, vector[1], 12);
        Assert.All(weights, w => Assert.Equal(1.0 / 3, w, 12));
    }

    [Fact]
    public void Attention_weights_are_the_softmax_of_the_tile_scores()
    {
        var (vector, weights) = TileAggregation.Attention(Tiles, 2, [1.0, 0.0], bias: 100);

        // Scores 101, 103, 105: the shift by the maximum keeps exp finite, the result is unchanged.
        var e = new[] { Math.Exp(-4), Math.Exp(-2), 1.0 };
        var total = e.Sum();
        Assert.Equal(e.Select(v => v / total), weights, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(((1 * e[0]) + (3 * e[1]) + (5 * e[2])) / total, vector[0], 12);
    }

    [Fact]
    public void Top_k_averages_the_highest_scores_and_all_of_them_when_there_are_fewer()
    {
        double[] scores = [0.5, 3, -1, 2];

        Assert.Equal(2.5, TileAggregation.TopKMean(scores, 2));
        Assert.Equal(1.125, TileAggregation.TopKMean(scores, 10));
    }

    [Fact]
    public void Linear_tile_scores_of_the_mean_tile_equal_the_mean_of_tile_scores()
    {
        double[] weights = [0.25, -1];
        var scores = TileAggregation.Scores(Tiles, 2, weights, bias: 0.5);
        var mean = TileAggregation.Mean(Tiles, 2);

        Assert.Equal(0.5 + (0.25 * mean[0]) - mean[1], scores.Average(), 12);
    }

    [Fact]
    public void Features_that_do_not_make_whole_rows_or_a_head_of_another_width_are_refused()
    {
        Assert.Throws<AnalyticsException>(() => TileAggregation.Mean([1, 2, 3], 2));
        var error = Assert.Throws<AnalyticsException>(() => TileAggregation.Attention(Tiles, 2, [1.0, 2.0, 3.0]));
        Assert.Contains("3 weights for 2-d", error.Message, StringComparison.Ordinal);
    }
}
