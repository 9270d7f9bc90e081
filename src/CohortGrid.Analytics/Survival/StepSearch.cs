namespace CohortGrid.Analytics.Survival;

/// <summary>Looking up right-continuous step functions by time.</summary>
internal static class StepSearch
{
    /// <summary>Index of the last of the increasing <paramref name="times"/> that is ≤ <paramref name="time"/>; −1 when none is.</summary>
    public static int LastAtOrBefore(double[] times, double time)
    {
        var index = Array.BinarySearch(times, time);
        return index >= 0 ? index : ~index - 1;
    }
}
