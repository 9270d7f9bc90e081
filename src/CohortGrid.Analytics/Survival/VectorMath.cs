using System.Numerics;
using System.Runtime.InteropServices;

namespace CohortGrid.Analytics.Survival;

/// <summary>SIMD kernels for the Cox risk-set sums: the inner loop is y += a·x over rows of a p × p matrix.</summary>
internal static class VectorMath
{
    /// <summary>y += a·x.</summary>
    public static void AddScaled(Span<double> y, ReadOnlySpan<double> x, double a)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= Vector<double>.Count)
        {
            var scale = new Vector<double>(a);
            var yv = MemoryMarshal.Cast<double, Vector<double>>(y);
            var xv = MemoryMarshal.Cast<double, Vector<double>>(x[..y.Length]);
            for (var k = 0; k < yv.Length; k++)
            {
                yv[k] += scale * xv[k];
            }

            i = yv.Length * Vector<double>.Count;
        }

        for (; i < y.Length; i++)
        {
            y[i] += a * x[i];
        }
    }

    /// <summary>m += w·x·xᵀ for a row-major p × p matrix.</summary>
    public static void AddOuter(Span<double> m, ReadOnlySpan<double> x, double w)
    {
        var p = x.Length;
        for (var r = 0; r < p; r++)
        {
            AddScaled(m.Slice(r * p, p), x, w * x[r]);
        }
    }

    public static double Dot(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += x[i] * y[i];
        }

        return sum;
    }
}
