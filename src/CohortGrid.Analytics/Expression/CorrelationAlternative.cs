namespace CohortGrid.Analytics.Expression;

/// <summary>The alternative hypothesis of a correlation test.</summary>
public enum CorrelationAlternative
{
    /// <summary>ρ ≠ 0: both tails.</summary>
    TwoSided,

    /// <summary>
    /// ρ &gt; 0: the upper tail only. Out-of-fold correlations of unpredictable genes lean negative (each fold's
    /// prediction starts from its training mean, which leans away from the held-out mean), so a two-sided test
    /// calls some noise genes significant with r &lt; 0; this one asks only "predicted better than chance".
    /// </summary>
    Greater,
}
