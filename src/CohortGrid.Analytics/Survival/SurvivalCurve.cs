namespace CohortGrid.Analytics.Survival;

/// <summary>A predicted survival curve S(t | x): values at the event times, a right-continuous step function starting at 1.</summary>
public sealed class SurvivalCurve
{
    private readonly double[] _times;
    private readonly double[] _survival;

    internal SurvivalCurve(double[] times, double[] survival)
    {
        _times = times;
        _survival = survival;
    }

    /// <summary>Event times in increasing order.</summary>
    public IReadOnlyList<double> Times => _times;

    /// <summary>Survival just after each time.</summary>
    public IReadOnlyList<double> Survival => _survival;

    /// <summary>S(<paramref name="time"/>): 1 before the first event time, the last value after the last.</summary>
    public double At(double time)
    {
        var index = StepSearch.LastAtOrBefore(_times, time);
        return index < 0 ? 1 : _survival[index];
    }
}
