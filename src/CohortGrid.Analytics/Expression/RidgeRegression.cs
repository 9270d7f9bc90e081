namespace CohortGrid.Analytics.Expression;

/// <summary>
/// Multi-target ridge regression of gene expression on slide embeddings. Every gene is solved from one
/// decomposition of the centred design (see <c>docs/analytics-expression.md</c>), so thousands of genes cost one
/// eigendecomposition and a few matrix products; the intercept is not penalised.
/// </summary>
public static class RidgeRegression
{
    /// <summary>Fits every gene, choosing each gene's penalty from the grid as <paramref name="options"/> say.</summary>
    /// <param name="features">One row per sample (n × p).</param>
    /// <param name="targets">Validated targets, one row per sample in the same order.</param>
    /// <param name="options">Grid, selection, standardisation; defaults when null.</param>
    /// <param name="groups">Optional group (patient) per sample, kept together by inner cross-validation.</param>
    /// <param name="cancellationToken">Checked between inner folds.</param>
    /// <exception cref="AnalyticsException">Shapes differ, a value is not finite, or there are too few samples.</exception>
    public static RidgeModel Fit(
        IReadOnlyList<double[]> features,
        ExpressionTargets targets,
        RidgeOptions? options = null,
        IReadOnlyList<string>? groups = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return Fit(features, targets.Matrix, targets.Genes, options, groups, cancellationToken);
    }

    /// <summary>Fits every gene on raw targets (n × g, used as given), choosing each gene's penalty from the grid.</summary>
    /// <exception cref="AnalyticsException">Shapes differ, a value is not finite, or there are too few samples.</exception>
    public static RidgeModel Fit(
        IReadOnlyList<double[]> features,
        IReadOnlyList<double[]> targets,
        IReadOnlyList<string> genes,
        RidgeOptions? options = null,
        IReadOnlyList<string>? groups = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(genes);
        return Fit(features, DenseMatrix.FromRows(targets, genes.Count, "targets"), genes, options, groups, cancellationToken);
    }

    /// <summary>Fits every gene with the given absolute penalty per gene (no selection).</summary>
    /// <exception cref="AnalyticsException">Shapes differ, a value is not finite, or a penalty is not positive.</exception>
    public static RidgeModel FitWithPenalties(
        IReadOnlyList<double[]> features,
        IReadOnlyList<double[]> targets,
        IReadOnlyList<string> genes,
        IReadOnlyList<double> lambdas,
        bool standardize = false,
        int maxDegreeOfParallelism = 0)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(genes);
        ArgumentNullException.ThrowIfNull(lambdas);
        var (x, y) = Prepare(features, DenseMatrix.FromRows(targets, genes.Count, "targets"));
        if (lambdas.Count != genes.Count)
        {
            throw new AnalyticsException($"ridge: {lambdas.Count} penalties for {genes.Count} genes");
        }

        if (lambdas.Any(l => !(l > 0) || double.IsInfinity(l)))
        {
            throw new AnalyticsException("ridge: every penalty must be finite and positive");
        }

        var degree = maxDegreeOfParallelism > 0 ? maxDegreeOfParallelism : Environment.ProcessorCount;
        var spectrum = RidgeSpectrum.Decompose(x, y, standardize, degree);
        return new RidgeModel(genes, spectrum, [.. lambdas], degree);
    }

    private static RidgeModel Fit(
        IReadOnlyList<double[]> features,
        DenseMatrix y,
        IReadOnlyList<string> genes,
        RidgeOptions? options,
        IReadOnlyList<string>? groups,
        CancellationToken cancellationToken)
    {
        options ??= new RidgeOptions();
        options.Validate();
        var (x, _) = Prepare(features, y);
        return FitCore(x, y, genes, options, groups, options.Seed, options.MaxDegreeOfParallelism, cancellationToken);
    }

    internal static RidgeModel FitCore(
        DenseMatrix x,
        DenseMatrix y,
        IReadOnlyList<string> genes,
        RidgeOptions options,
        IReadOnlyList<string>? groups,
        int seed,
        int degree,
        CancellationToken cancellationToken)
    {
        var spectrum = RidgeSpectrum.Decompose(x, y, options.Standardize, degree);
        var lambdas = PenaltySelector.Choose(spectrum, x, y, options, groups, seed, degree, cancellationToken);
        return new RidgeModel(genes, spectrum, lambdas, degree);
    }

    internal static (DenseMatrix X, DenseMatrix Y) Prepare(IReadOnlyList<double[]> features, DenseMatrix y)
    {
        ArgumentNullException.ThrowIfNull(features);
        if (features.Count != y.Rows)
        {
            throw new AnalyticsException($"ridge: {features.Count} feature rows but {y.Rows} target rows");
        }

        if (features.Count < 3)
        {
            throw new AnalyticsException($"ridge: {features.Count} samples, at least 3 are needed");
        }

        var p = features[0]?.Length ?? 0;
        if (p == 0)
        {
            throw new AnalyticsException("ridge: feature rows are empty");
        }

        return (DenseMatrix.FromRows(features, p, "features"), y);
    }
}
