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

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}
