namespace CohortGrid.Analytics.Plots;

/// <summary>One axis: its data range, tick step and label.</summary>
internal sealed record AxisSpec(double Min, double Max, double Step, string Label)
{
    /// <summary>An axis widened to nice ticks around [min, max].</summary>
    public static AxisSpec Nice(double min, double max, string label, int targetTicks = 5)
    {
        var (lo, hi, step) = AxisTicks.NiceRange(min, max, targetTicks);
        return new AxisSpec(lo, hi, step, label);
    }

    public IReadOnlyList<double> Ticks => AxisTicks.Multiples(Min, Max, Step);

    public string Format(double value) => AxisTicks.Format(value, Step);
}
