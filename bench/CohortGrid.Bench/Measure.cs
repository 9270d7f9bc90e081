using System.Diagnostics;

namespace CohortGrid.Bench;

/// <summary>Runs a unit of work repeatedly for a fixed time and reports items per second.</summary>
internal static class Measure
{
    public static double Rate(Func<int> unit, double seconds)
    {
        unit(); // warm-up: JIT, caches, allocator
        var items = 0L;
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed.TotalSeconds < seconds)
        {
            items += unit();
        }

        return items / watch.Elapsed.TotalSeconds;
    }

    /// <summary>
    /// Measures <paramref name="contender"/> against <paramref name="baseline"/> in adjacent short
    /// intervals, alternating which goes first, and returns the median of the per-pair ratios: on a
    /// shared machine the load drifts, and only neighbouring measurements see the same load.
    /// </summary>
    public static (double Ratio, double Baseline, double Contender) Paired(Func<double> baseline, Func<double> contender, int pairs)
    {
        var ratios = new List<double>();
        var baselines = new List<double>();
        var contenders = new List<double>();
        for (var i = 0; i < pairs; i++)
        {
            double b, c;
            if (i % 2 == 0)
            {
                b = baseline();
                c = contender();
            }
            else
            {
                c = contender();
                b = baseline();
            }

            baselines.Add(b);
            contenders.Add(c);
            ratios.Add(c / b);
        }

        return (Median(ratios), Median(baselines), Median(contenders));
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
