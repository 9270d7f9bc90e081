using MathNet.Numerics;

namespace CohortGrid.Analytics.Survival;

/// <summary>Tail probabilities and quantiles used by the tests (through MathNet's special functions, accurate in the far tails).</summary>
internal static class StatMath
{
    /// <summary>Two-sided normal p-value, 2·(1 − Φ(|z|)), via erfc so tiny p-values keep their digits.</summary>
    public static double TwoSidedNormalP(double z) => SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2));

    /// <summary>Upper tail of the chi-square distribution, P(X ≥ x).</summary>
    public static double ChiSquareUpperP(double x, double degreesOfFreedom) =>
        degreesOfFreedom <= 0 || double.IsNaN(x) ? double.NaN
        : x <= 0 ? 1.0
        : SpecialFunctions.GammaUpperRegularized(degreesOfFreedom / 2.0, x / 2.0);

    /// <summary>z such that a two-sided interval at <paramref name="level"/> is ±z (1.959964 for 0.95), as R's qnorm.</summary>
    public static double NormalQuantileForLevel(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new AnalyticsException($"confidence level must be between 0 and 1, not {level}.");
        }

        // Φ⁻¹(1 − α/2) = √2 · erfc⁻¹(α).
        return Math.Sqrt(2) * SpecialFunctions.ErfcInv(1 - level);
    }

    /// <summary>Sample quantile, R's default (type 7): linear interpolation between order statistics.</summary>
    public static double Quantile(double[] sorted, double probability)
    {
        var h = (sorted.Length - 1) * probability;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + ((h - lo) * (sorted[hi] - sorted[lo]));
    }
}
