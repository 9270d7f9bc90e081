namespace CohortGrid.Analytics.Cohorts;

/// <summary>
/// A frozen linear score on slide (or tile) embeddings: <c>wᵀx + b</c>. Survival heads (risk) and expression heads
/// (one per gene) are saved in this form, so they apply the same way to slide vectors and to single tiles (maps).
/// </summary>
/// <param name="Weights">One weight per embedding dimension.</param>
/// <param name="Bias">Added to the weighted sum.</param>
public sealed record LinearScore(double[] Weights, double Bias)
{
    public double Apply(ReadOnlySpan<double> x)
    {
        Check(x.Length);
        var sum = Bias;
        for (var d = 0; d < Weights.Length; d++)
        {
            sum += Weights[d] * x[d];
        }

        return sum;
    }

    public double Apply(ReadOnlySpan<float> x)
    {
        Check(x.Length);
        var sum = Bias;
        for (var d = 0; d < Weights.Length; d++)
        {
            sum += Weights[d] * x[d];
        }

        return sum;
    }

    private void Check(int length)
    {
        if (length != Weights.Length)
        {
            throw new AnalyticsException($"The head takes {Weights.Length}-d embeddings; this one has {length} values (another encoder?).");
        }
    }
}
