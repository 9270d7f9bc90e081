namespace CohortGrid.Analytics.Survival;

/// <summary>A Kaplan–Meier survival curve with Greenwood errors, confidence intervals and the median.</summary>
public sealed class KaplanMeierCurve
{
    private readonly KaplanMeierStep[] _steps;
    private readonly double[] _times;
    private readonly double[] _allTimes;

    internal KaplanMeierCurve(string? group, KaplanMeierStep[] steps, double[] sortedTimes, int eventCount, KaplanMeierOptions options)
    {
        Group = group;
        _steps = steps;
        _times = [.. steps.Select(s => s.Time)];
        _allTimes = sortedTimes;
        EventCount = eventCount;
        Options = options;
        Median = MedianOf(s => s.Survival);
        MedianLower = MedianOf(s => s.Lower);
        MedianUpper = MedianOf(s => s.Upper);
    }

    /// <summary>The group label for per-group curves; null for a single curve.</summary>
    public string? Group { get; }

    public KaplanMeierOptions Options { get; }

    /// <summary>Subjects in the curve.</summary>
    public int Count => _allTimes.Length;

    public int EventCount { get; }

    /// <summary>One step per distinct observed time (event or censoring), increasing, as R's <c>survfit</c>.</summary>
    public IReadOnlyList<KaplanMeierStep> Steps => _steps;

    /// <summary>
    /// Median survival by R's rule: the first time S ≤ 0.5; when S equals 0.5 exactly on an interval, the midpoint
    /// of that interval's start and the next time S drops. NaN when the curve never reaches 0.5.
    /// </summary>
    public double Median { get; }

    /// <summary>Lower confidence limit of the median (where the lower band reaches 0.5); NaN if never.</summary>
    public double MedianLower { get; }

    /// <summary>Upper confidence limit of the median (where the upper band reaches 0.5); NaN if never.</summary>
    public double MedianUpper { get; }

    /// <summary>
    /// The curve at <paramref name="time"/> as R's <c>summary(fit, times = t)</c>: the last step at or before t
    /// (S = 1 and no error before the first), with the number still at risk at t and the events and censorings up to and including t.
    /// </summary>
    public KaplanMeierStep At(double time)
    {
        var index = StepSearch.LastAtOrBefore(_times, time);
        var atRisk = _allTimes.Length - LowerBound(_allTimes, time);
        var events = 0;
        var censored = 0;
        for (var i = 0; i <= index; i++)
        {
            events += _steps[i].Events;
            censored += _steps[i].Censored;
        }

        if (index < 0)
        {
            return new KaplanMeierStep(time, atRisk, 0, 0, 1, 0, 0, 1, 1);
        }

        var step = _steps[index];
        return step with { Time = time, AtRisk = atRisk, Events = events, Censored = censored };
    }

    private double MedianOf(Func<KaplanMeierStep, double> curve)
    {
        // R's minmin(): tolerance √ε so a survival of 0.5 computed as 0.4999999999 still counts as exactly 0.5.
        const double Tolerance = 1.4901161193847656e-08;
        for (var i = 0; i < _steps.Length; i++)
        {
            var value = curve(_steps[i]);
            if (double.IsNaN(value) || value >= 0.5 + Tolerance)
            {
                continue;
            }

            if (Math.Abs(value - 0.5) < Tolerance)
            {
                for (var j = i + 1; j < _steps.Length; j++)
                {
                    var next = curve(_steps[j]);
                    if (!double.IsNaN(next) && next < value)
                    {
                        return (_steps[i].Time + _steps[j].Time) / 2;
                    }
                }
            }

            return _steps[i].Time;
        }

        return double.NaN;
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int lo = 0, hi = sorted.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sorted[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
