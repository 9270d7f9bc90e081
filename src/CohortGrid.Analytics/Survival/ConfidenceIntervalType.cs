namespace CohortGrid.Analytics.Survival;

/// <summary>Transform for Kaplan–Meier confidence intervals (R's <c>conf.type</c>).</summary>
public enum ConfidenceIntervalType
{
    /// <summary>exp(log S ± z·se(log S)), upper end capped at 1: R's default.</summary>
    Log,

    /// <summary>On log(−log S): S^exp(∓z·se(log S)/log S); undefined (NaN) where S is 0 or 1, as R's NA.</summary>
    LogLog,

    /// <summary>S ± z·se(S), clipped to [0, 1].</summary>
    Plain,
}
