namespace CohortGrid.Analytics.Plots;

/// <summary>Which reference line a predicted-vs-measured scatter draws.</summary>
public enum ScatterReferenceLine
{
    None,

    /// <summary>y = x, on axes sharing one range, so over- and under-prediction read directly.</summary>
    Identity,

    /// <summary>The ordinary least-squares fit of predicted on measured.</summary>
    LeastSquares,

    /// <summary>Both the identity and the least-squares line.</summary>
    Both,
}
