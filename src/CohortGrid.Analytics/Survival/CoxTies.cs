namespace CohortGrid.Analytics.Survival;

/// <summary>How tied event times enter the Cox partial likelihood (R's <c>ties=</c>).</summary>
public enum CoxTies
{
    /// <summary>Efron's approximation, R's default and more accurate with many ties.</summary>
    Efron,

    /// <summary>Breslow's approximation (every tied death sees the full risk set).</summary>
    Breslow,
}
