namespace CohortGrid.Analytics.Expression;

/// <summary>Settings of a cross-validated ridge run.</summary>
public sealed class RidgeCrossValidationOptions
{
    /// <summary>Outer folds.</summary>
    public int Folds { get; init; } = 5;

    /// <summary>Seed of the outer folds' shuffle; the same seed and data give the same folds.</summary>
    public int Seed { get; init; }

    /// <summary>The ridge fit inside each training fold and for the final model (grid, selection, threads).</summary>
    public RidgeOptions Ridge { get; init; } = new();

    /// <summary>Holm-adjusted threshold under which a positively correlated gene counts as well predicted.</summary>
    public double Alpha { get; init; } = 0.05;

    /// <summary>
    /// Alternative of each gene's correlation test. Two-sided by default; <see cref="CorrelationAlternative.Greater"/>
    /// keeps the negative lean of out-of-fold correlations of noise genes out of the significant list.
    /// </summary>
    public CorrelationAlternative Alternative { get; init; } = CorrelationAlternative.TwoSided;

    internal void Validate(int sampleCount)
    {
        ArgumentNullException.ThrowIfNull(Ridge);
        Ridge.Validate();
        if (Folds < 2 || Folds > sampleCount)
        {
            throw new AnalyticsException($"cross-validation: {Folds} folds for {sampleCount} samples (need 2..n)");
        }

        if (!(Alpha > 0 && Alpha < 1))
        {
            throw new AnalyticsException($"cross-validation: alpha {Alpha} is not in (0, 1)");
        }
    }
}
