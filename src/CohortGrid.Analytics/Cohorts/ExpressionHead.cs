namespace CohortGrid.Analytics.Cohorts;

/// <summary>A frozen expression head: one <see cref="LinearScore"/> per gene, predicting log-scale expression.</summary>
/// <param name="Genes">Gene symbols, in the order of <paramref name="Scores"/>.</param>
/// <param name="Scores">Per gene: log expression as a linear function of the slide embedding.</param>
/// <param name="Lambdas">Ridge penalty each gene was fitted with.</param>
public sealed record ExpressionHead(string[] Genes, LinearScore[] Scores, double[] Lambdas)
{
    public double[] Predict(ReadOnlySpan<double> x)
    {
        var values = new double[Scores.Length];
        for (var g = 0; g < Scores.Length; g++)
        {
            values[g] = Scores[g].Apply(x);
        }

        return values;
    }
}
