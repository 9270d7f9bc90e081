namespace CohortGrid.Analytics.Expression;

/// <summary>Settings of one multi-target ridge fit.</summary>
public sealed class RidgeOptions
{
    /// <summary>Default grid: 33 values, four per decade from 1e-3 to 1e5, in units of the mean squared singular value.</summary>
    public static IReadOnlyList<double> DefaultRelativeLambdas { get; } = LogSpaced(1e-3, 1e5, 33);

    /// <summary>Divide each centred feature by its standard deviation, so the penalty treats features alike.</summary>
    public bool Standardize { get; init; }

    /// <summary>How each gene's penalty is chosen.</summary>
    public PenaltySelection Selection { get; init; } = PenaltySelection.Gcv;

    /// <summary>
    /// Candidate penalties relative to the mean squared singular value of the centred design (‖X‖²_F / min(n, p)),
    /// so one grid suits embeddings of any scale.
    /// </summary>
    public IReadOnlyList<double> RelativeLambdas { get; init; } = DefaultRelativeLambdas;

    /// <summary>Folds of the inner cross-validation when <see cref="Selection"/> is <see cref="PenaltySelection.InnerCv"/>.</summary>
    public int InnerFolds { get; init; } = 5;

    /// <summary>Seed of the inner folds' shuffle.</summary>
    public int Seed { get; init; }

    /// <summary>Threads for the matrix products.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary><paramref name="count"/> values from <paramref name="min"/> to <paramref name="max"/>, evenly spaced in log.</summary>
    public static double[] LogSpaced(double min, double max, int count)
    {
        if (!(min > 0) || !(max >= min) || count < 1)
        {
            throw new ArgumentException($"log grid needs 0 < min <= max and count >= 1, got {min}, {max}, {count}");
        }

        if (count == 1)
        {
            return [min];
        }

        var step = Math.Log(max / min) / (count - 1);
        return [.. Enumerable.Range(0, count).Select(i => min * Math.Exp(step * i))];
    }

    internal void Validate()
    {
        if (RelativeLambdas.Count == 0 || RelativeLambdas.Any(l => !(l > 0) || double.IsInfinity(l)))
        {
            throw new AnalyticsException("ridge: the λ grid must be non-empty, finite and positive");
        }

        if (Selection == PenaltySelection.InnerCv && InnerFolds < 2)
        {
            throw new AnalyticsException($"ridge: inner cross-validation needs at least 2 folds, got {InnerFolds}");
        }

        if (MaxDegreeOfParallelism < 1)
        {
            throw new AnalyticsException($"ridge: MaxDegreeOfParallelism must be at least 1, got {MaxDegreeOfParallelism}");
        }
    }
}
