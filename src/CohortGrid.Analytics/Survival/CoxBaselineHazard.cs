namespace CohortGrid.Analytics.Survival;

/// <summary>
/// The baseline cumulative hazard of one stratum of a Cox fit, for a subject at the covariate means (R's
/// <c>basehaz(fit, centered = TRUE)</c>): increments d/Σexp(η) (Breslow) or their Efron-corrected form for an
/// Efron fit, which is what R's <c>survfit.coxph</c> uses by default.
/// </summary>
public sealed class CoxBaselineHazard
{
    private readonly CoxHazardStep[] _steps;
    private readonly double[] _times;

    internal CoxBaselineHazard(string? stratum, CoxHazardStep[] steps)
    {
        Stratum = stratum;
        _steps = steps;
        _times = [.. steps.Select(s => s.Time)];
    }

    /// <summary>The stratum's label; null for an unstratified fit.</summary>
    public string? Stratum { get; }

    /// <summary>Event times in increasing order.</summary>
    public IReadOnlyList<CoxHazardStep> Steps => _steps;

    /// <summary>Cumulative hazard at the means at time <paramref name="time"/> (right-continuous step function; 0 before the first event).</summary>
    public double At(double time)
    {
        var index = StepSearch.LastAtOrBefore(_times, time);
        return index < 0 ? 0 : _steps[index].CumulativeHazard;
    }
}
