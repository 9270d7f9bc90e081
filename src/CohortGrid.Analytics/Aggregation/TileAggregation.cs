namespace CohortGrid.Analytics.Aggregation;

/// <summary>
/// Tile embeddings (N × D, row-major) to one slide vector. Mean is the default; attention weighs tiles by a
/// linear attention head's softmax scores (kept per tile, for maps); top-k averages the k highest tile scores of a
/// tile head (HE2RNA), per output.
/// </summary>
public static class TileAggregation
{
    /// <summary>The mean of the rows; zeros when there are none.</summary>
    public static double[] Mean(ReadOnlySpan<float> features, int dimension)
    {
        var rows = RowCount(features, dimension);
        var mean = new double[dimension];
        for (var r = 0; r < rows; r++)
        {
            var row = features.Slice(r * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                mean[d] += row[d];
            }
        }

        if (rows > 0)
        {
            for (var d = 0; d < dimension; d++)
            {
                mean[d] /= rows;
            }
        }

        return mean;
    }

    /// <summary>
    /// Attention pooling: a_i = softmax(wᵀx_i + b) over the tiles, slide vector Σ a_i x_i. Returns the vector and the
    /// per-tile weights (they sum to 1; empty for a slide without tiles, whose vector is zeros).
    /// </summary>
    public static (double[] Vector, double[] Weights) Attention(ReadOnlySpan<float> features, int dimension, ReadOnlySpan<double> attention, double bias = 0)
    {
        if (attention.Length != dimension)
        {
            throw new AnalyticsException($"The attention head has {attention.Length} weights for {dimension}-d tile embeddings.");
        }

        var rows = RowCount(features, dimension);
        var scores = Scores(features, dimension, attention, bias);
        var max = rows == 0 ? 0 : scores.Max();
        var total = 0.0;
        for (var r = 0; r < rows; r++)
        {
            // Shifted by the maximum: exp of large logits would overflow.
            scores[r] = Math.Exp(scores[r] - max);
            total += scores[r];
        }

        var vector = new double[dimension];
        for (var r = 0; r < rows; r++)
        {
            scores[r] /= total;
            var row = features.Slice(r * dimension, dimension);
            for (var d = 0; d < dimension; d++)
            {
                vector[d] += scores[r] * row[d];
            }
        }

        return (vector, scores);
    }

    /// <summary>Per-tile scores of a linear head: wᵀx_i + b for each row.</summary>
    public static double[] Scores(ReadOnlySpan<float> features, int dimension, ReadOnlySpan<double> weights, double bias = 0)
    {
        var rows = RowCount(features, dimension);
        var scores = new double[rows];
        for (var r = 0; r < rows; r++)
        {
            var row = features.Slice(r * dimension, dimension);
            var sum = bias;
            for (var d = 0; d < dimension; d++)
            {
                sum += weights[d] * row[d];
            }

            scores[r] = sum;
        }

        return scores;
    }

    /// <summary>The mean of the <paramref name="k"/> highest scores (all of them when there are fewer); NaN without tiles.</summary>
    public static double TopKMean(ReadOnlySpan<double> scores, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        if (scores.IsEmpty)
        {
            return double.NaN;
        }

        var sorted = scores.ToArray();
        Array.Sort(sorted);
        var take = Math.Min(k, sorted.Length);
        var sum = 0.0;
        for (var i = sorted.Length - take; i < sorted.Length; i++)
        {
            sum += sorted[i];
        }

        return sum / take;
    }

    private static int RowCount(ReadOnlySpan<float> features, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (features.Length % dimension != 0)
        {
            throw new AnalyticsException($"{features.Length} feature values do not make rows of {dimension}.");
        }

        return features.Length / dimension;
    }
}
