using CohortGrid.Analytics.Expression;

namespace CohortGrid.Analytics.Cohorts;

/// <summary>What <c>expression.parquet</c> and the expression plots are made of.</summary>
public sealed record ExpressionReport
{
    /// <summary><c>training</c> (out-of-fold predictions) or <c>validation</c> (a frozen head).</summary>
    public required string Role { get; init; }

    /// <summary>Per gene: r of prediction against measurement, p, Holm q, n, λ.</summary>
    public required IReadOnlyList<GeneCorrelation> Genes { get; init; }

    /// <summary>Genes with Holm q &lt; 0.05 and r &gt; 0.</summary>
    public required IReadOnlyList<string> WellPredicted { get; init; }

    /// <summary>Genes left out, with why (no variance, ...).</summary>
    public IReadOnlyList<SkippedGene> Skipped { get; init; } = [];

    /// <summary>Measured and predicted (log scale) per slide, for the scatter plots: [slide][gene].</summary>
    public required IReadOnlyList<double[]> Measured { get; init; }

    public required IReadOnlyList<double[]> Predicted { get; init; }

    /// <summary>The head (training: fitted on every slide).</summary>
    public required ExpressionHead Head { get; init; }
}
