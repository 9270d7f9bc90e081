using MathNet.Numerics.Distributions;

namespace CohortGrid.Analytics.Expression;

/// <summary>Correlation and multiple-testing helpers for per-gene prediction quality.</summary>
public static class GeneStatistics
{
    /// <summary>
    /// Pearson correlation of two equally long series, computed from centred sums (two passes, so large offsets such
    /// as log-TPM near 10 do not cancel). NaN when either series is constant or shorter than 2: undefined, not 0.
    /// </summary>
    public static double Pearson(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        if (x.Length != y.Length)
        {
            throw new ArgumentException($"series lengths differ: {x.Length} and {y.Length}");
        }

        var n = x.Length;
        if (n < 2)
        {
            return double.NaN;
        }

        double meanX = 0, meanY = 0;
        for (var i = 0; i < n; i++)
        {
            meanX += x[i];
            meanY += y[i];
        }

        meanX /= n;
        meanY /= n;
        double sxx = 0, syy = 0, sxy = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = x[i] - meanX;
            var dy = y[i] - meanY;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }

        if (sxx <= 0 || syy <= 0)
        {
            return double.NaN;
        }

        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1, 1);
    }

    /// <summary>
    /// P-value of H0: ρ = 0 for a correlation <paramref name="r"/> over <paramref name="n"/> pairs:
    /// t = r·√((n − 2)/(1 − r²)) against Student's t with n − 2 degrees of freedom, both tails by default. An
    /// undefined (NaN) correlation carries no evidence and gets 1.
    /// </summary>
    /// <exception cref="AnalyticsException">Fewer than 3 pairs: no degrees of freedom left.</exception>
    public static double PearsonPValue(double r, int n, CorrelationAlternative alternative = CorrelationAlternative.TwoSided)
    {
        if (n < 3)
        {
            throw new AnalyticsException($"a correlation p-value needs at least 3 pairs, got {n}");
        }

        if (double.IsNaN(r))
        {
            return 1;
        }

        if (alternative == CorrelationAlternative.Greater)
        {
            // P(T ≥ t) = P(T ≤ −t), taken as the lower tail so that tiny p-values do not round to 0.
            return r >= 1 ? 0 : r <= -1 ? 1 : StudentT.CDF(0, 1, n - 2, -Statistic(r, n));
        }

        var absolute = Math.Abs(r);
        return absolute >= 1 ? 0 : Math.Min(1, 2 * StudentT.CDF(0, 1, n - 2, -Statistic(absolute, n)));
    }

    /// <summary>
    /// Holm–Bonferroni adjusted p-values (family-wise error), in input order: the i-th smallest of m becomes
    /// max over j ≤ i of min(1, (m − j + 1)·p_(j)), so adjusted values keep the order of the raw ones. NaN entries
    /// stay NaN and do not count towards m.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var order = SortedIndices(pValues);
        var m = order.Length;
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var index = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[index]));
            adjusted[index] = running;
        }

        return adjusted;
    }

    /// <summary>
    /// Benjamini–Hochberg adjusted p-values (false discovery rate), in input order: the i-th smallest of m becomes
    /// min over j ≥ i of min(1, m·p_(j)/j). NaN entries stay NaN and do not count towards m.
    /// </summary>
    public static double[] BenjaminiHochberg(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var order = SortedIndices(pValues);
        var m = order.Length;
        var adjusted = Enumerable.Repeat(double.NaN, pValues.Count).ToArray();
        var running = 1.0;
        for (var rank = m - 1; rank >= 0; rank--)
        {
            var index = order[rank];
            running = Math.Min(running, m * pValues[index] / (rank + 1));
            adjusted[index] = running;
        }

        return adjusted;
    }

    private static double Statistic(double r, int n) => r * Math.Sqrt((n - 2) / (1 - (r * r)));

    private static int[] SortedIndices(IReadOnlyList<double> pValues)
    {
        for (var i = 0; i < pValues.Count; i++)
        {
            if (pValues[i] is < 0 or > 1)
            {
                throw new AnalyticsException($"p-value {pValues[i]} at {i} is outside [0, 1]");
            }
        }

        // Stable: ties keep input order, so the adjustment is reproducible.
        return [.. Enumerable.Range(0, pValues.Count).Where(i => !double.IsNaN(pValues[i])).OrderBy(i => pValues[i])];
    }
}
