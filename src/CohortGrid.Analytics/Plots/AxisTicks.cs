using System.Globalization;

namespace CohortGrid.Analytics.Plots;

/// <summary>"Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, labelled with invariant formatting.</summary>
public static class AxisTicks
{
    /// <summary>The 1-2-5 step closest to dividing <paramref name="span"/> into about <paramref name="targetCount"/> intervals.</summary>
    public static double NiceStep(double span, int targetCount = 5)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetCount);
        if (!double.IsFinite(span) || span <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(span), span, "The span must be finite and positive.");
        }

        var raw = span / targetCount;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        // Thresholds at the geometric midpoints between 1, 2, 5 and 10, so the choice is the nearest on a log scale.
        var nice = fraction < Math.Sqrt(2) ? 1 : fraction < Math.Sqrt(10) ? 2 : fraction < Math.Sqrt(50) ? 5 : 10;
        return nice * magnitude;
    }

    /// <summary>The multiples of the nice step that lie within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public static IReadOnlyList<double> Ticks(double min, double max, int targetCount = 5)
    {
        var (lo, hi) = Widen(min, max);
        var step = NiceStep(hi - lo, targetCount);
        return Multiples(lo, hi, step);
    }

    /// <summary>
    /// The range widened outwards to whole nice steps, so the axis starts and ends on a labelled tick
    /// (e.g. 0..1730 days becomes 0..2000 with step 500).
    /// </summary>
    public static (double Min, double Max, double Step) NiceRange(double min, double max, int targetCount = 5)
    {
        var (lo, hi) = Widen(min, max);
        var step = NiceStep(hi - lo, targetCount);
        var first = Math.Floor((lo / step) + 1e-9) * step;
        var last = Math.Ceiling((hi / step) - 1e-9) * step;
        return (Clean(first, step), Clean(last, step), step);
    }

    /// <summary>Multiples of <paramref name="step"/> within [min, max], cleaned of floating-point dust (0.30000000000000004).</summary>
    public static IReadOnlyList<double> Multiples(double min, double max, double step)
    {
        if (!(step > 0) || !double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentOutOfRangeException(nameof(step), step, "Ticks need a finite range and a positive step.");
        }

        var ticks = new List<double>();
        var first = (long)Math.Ceiling((min / step) - 1e-9);
        var last = (long)Math.Floor((max / step) + 1e-9);
        for (var k = first; k <= last && ticks.Count < 1000; k++)
        {
            ticks.Add(Clean(k * step, step));
        }

        return ticks;
    }

    /// <summary>
    /// A tick label with as many decimals as the step needs (step 0.2 → "0.4", step 500 → "1500"), invariant culture,
    /// and "0" rather than "-0".
    /// </summary>
    public static string Format(double value, double step)
    {
        var decimals = Decimals(step);
        var rounded = Math.Round(value, decimals);
        if (rounded == 0)
        {
            rounded = 0;
        }

        return rounded.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    private static int Decimals(double step) =>
        step > 0 && double.IsFinite(step) ? Math.Clamp(-(int)Math.Floor(Math.Log10(step) + 1e-9), 0, 15) : 0;

    private static double Clean(double value, double step) => Math.Round(value, Math.Min(15, Decimals(step) + 1));

    /// <summary>An empty or reversed range becomes a unit-wide one, so a single value still gets an axis.</summary>
    private static (double Min, double Max) Widen(double min, double max)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            throw new ArgumentOutOfRangeException(nameof(min), "The axis range must be finite.");
        }

        if (max < min)
        {
            (min, max) = (max, min);
        }

        if (max - min <= Math.Abs(max) * 1e-12)
        {
            var pad = min == 0 ? 1 : Math.Abs(min) * 0.1;
            return (min - pad, max + pad);
        }

        return (min, max);
    }
}
