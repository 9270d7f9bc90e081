using CohortGrid.Analytics.Survival;
using MathNet.Numerics.LinearAlgebra;

namespace CohortGrid.Analytics.Cohorts;

/// <summary>
/// Fits a survival head on embeddings: standardise, project on the leading principal components, fit a (lightly
/// ridge-penalised) Cox model on them, and fold the projection back into one linear score of the raw embedding.
/// With tens of patients and hundreds of embedding dimensions a Cox fit on the raw vectors would only memorise; a
/// few components keep the model honest and the result is still a plain linear head.
/// </summary>
public static class SurvivalHeadTrainer
{
    /// <summary>Ridge penalty on the component scores: enough to keep separation from diverging, too small to bias much.</summary>
    public const double ComponentPenalty = 0.1;

    /// <summary>Components used: about one per ten events, between 1 and 5, never more than the data allow.</summary>
    public static int ComponentsFor(int events, int samples, int dimension) =>
        Math.Clamp(events / 10, 1, Math.Min(5, Math.Min(samples - 1, dimension)));

    /// <summary>Fits the head on <paramref name="x"/> (one embedding per row) and the rows' survival.</summary>
    /// <param name="x">Embeddings, one row per subject.</param>
    /// <param name="data">Survival of the same rows.</param>
    /// <param name="riskGroups"><c>tertiles</c> or <c>median</c>: the cut-offs taken from the fitted risks.</param>
    public static SurvivalHead Fit(IReadOnlyList<double[]> x, SurvivalData data, string riskGroups = "tertiles")
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(data);
        if (x.Count != data.Count)
        {
            throw new AnalyticsException($"{x.Count} embeddings for {data.Count} survival records.");
        }

        if (data.EventCount < 2)
        {
            throw new AnalyticsException($"A survival head needs at least 2 events; the cohort has {data.EventCount}.");
        }

        var dimension = x[0].Length;
        var (means, scales) = Standardisation(x);
        var z = Matrix<double>.Build.Dense(x.Count, dimension, (i, j) => scales[j] == 0 ? 0 : (x[i][j] - means[j]) / scales[j]);
        var k = ComponentsFor(data.EventCount, x.Count, dimension);
        var components = z.Svd(computeVectors: true).VT.SubMatrix(0, k, 0, dimension); // k × D
        var scores = z * components.Transpose();                                        // n × k
        var covariates = Enumerable.Range(0, k).Select(c => new Covariate($"pc{c + 1}", scores.Column(c).ToArray())).ToList();
        var fit = CoxRegression.Fit(data, covariates, CoxOptions.Default with { Penalty = ComponentPenalty });
        if (!fit.Converged)
        {
            throw new AnalyticsException($"The Cox fit on {k} image components did not converge ({fit.Iterations} iterations).");
        }

        // risk = Σ_c β_c · pc_c(x) = Σ_d w_d x_d + b, with w = (Vᵀβ) / σ and b = −w·μ.
        var beta = Vector<double>.Build.DenseOfEnumerable(fit.Coefficients.Select(c => c.Coefficient));
        var projected = components.TransposeThisAndMultiply(beta);
        var weights = new double[dimension];
        var bias = 0.0;
        for (var d = 0; d < dimension; d++)
        {
            weights[d] = scales[d] == 0 ? 0 : projected[d] / scales[d];
            bias -= weights[d] * means[d];
        }

        var score = new LinearScore(weights, bias);
        var risks = x.Select(row => score.Apply(row)).ToArray();
        var (cutOffs, names) = RiskGroupCutOffs(risks, riskGroups);
        return new SurvivalHead(score, cutOffs, names, k, ComponentPenalty);
    }

    /// <summary>Cut-offs at the risk quantiles (<see cref="RiskCutoffs"/>): tertiles (low, intermediate, high) or the median (low, high).</summary>
    public static (double[] CutOffs, string[] Names) RiskGroupCutOffs(IReadOnlyList<double> risks, string riskGroups) => riskGroups switch
    {
        "median" => ([.. RiskCutoffs.Median(risks).Values], ["low", "high"]),
        "tertiles" => ([.. RiskCutoffs.Quantiles(risks, 3).Values], ["low", "intermediate", "high"]),
        _ => throw new AnalyticsException($"Unknown risk grouping '{riskGroups}': use 'tertiles' or 'median'."),
    };

    private static (double[] Means, double[] Scales) Standardisation(IReadOnlyList<double[]> x)
    {
        var dimension = x[0].Length;
        var means = new double[dimension];
        var scales = new double[dimension];
        for (var d = 0; d < dimension; d++)
        {
            var mean = x.Average(row => row[d]);
            var variance = x.Sum(row => (row[d] - mean) * (row[d] - mean)) / Math.Max(1, x.Count - 1);
            means[d] = mean;

            // A dimension that never varies carries nothing; its weight stays zero.
            scales[d] = variance > 1e-24 ? Math.Sqrt(variance) : 0;
        }

        return (means, scales);
    }
}
