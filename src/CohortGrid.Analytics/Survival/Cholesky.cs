namespace CohortGrid.Analytics.Survival;

/// <summary>
/// Cholesky factorisation of a small symmetric positive-definite matrix (row-major, p × p): solving the Newton
/// step and inverting the information matrix. Reports failure instead of returning NaN, so a singular
/// information matrix (collinear covariates, diverging coefficients) becomes a clear message.
/// </summary>
internal sealed class Cholesky
{
    private readonly double[] _l;
    private readonly int _p;

    private Cholesky(double[] l, int p)
    {
        _l = l;
        _p = p;
    }

    /// <summary>Factorises <paramref name="matrix"/>; null when it is not (numerically) positive definite.</summary>
    public static Cholesky? TryFactor(ReadOnlySpan<double> matrix, int p)
    {
        var l = new double[p * p];
        var maxDiagonal = 0.0;
        for (var i = 0; i < p; i++)
        {
            maxDiagonal = Math.Max(maxDiagonal, Math.Abs(matrix[(i * p) + i]));
        }

        // A pivot below 1e-12 of the largest diagonal means a (numerically) singular matrix, as in R's cholesky2.
        var tolerance = 1e-12 * maxDiagonal;
        for (var j = 0; j < p; j++)
        {
            var sum = matrix[(j * p) + j];
            for (var k = 0; k < j; k++)
            {
                sum -= l[(j * p) + k] * l[(j * p) + k];
            }

            if (!(sum > tolerance) || !double.IsFinite(sum))
            {
                return null;
            }

            var diagonal = Math.Sqrt(sum);
            l[(j * p) + j] = diagonal;
            for (var i = j + 1; i < p; i++)
            {
                var s = matrix[(i * p) + j];
                for (var k = 0; k < j; k++)
                {
                    s -= l[(i * p) + k] * l[(j * p) + k];
                }

                l[(i * p) + j] = s / diagonal;
            }
        }

        return new Cholesky(l, p);
    }

    /// <summary>Solves A·x = b in place.</summary>
    public void Solve(Span<double> b)
    {
        var p = _p;
        for (var i = 0; i < p; i++)
        {
            var s = b[i];
            for (var k = 0; k < i; k++)
            {
                s -= _l[(i * p) + k] * b[k];
            }

            b[i] = s / _l[(i * p) + i];
        }

        for (var i = p - 1; i >= 0; i--)
        {
            var s = b[i];
            for (var k = i + 1; k < p; k++)
            {
                s -= _l[(k * p) + i] * b[k];
            }

            b[i] = s / _l[(i * p) + i];
        }
    }

    /// <summary>A⁻¹ (row-major, p × p).</summary>
    public double[] Inverse()
    {
        var p = _p;
        var inverse = new double[p * p];
        var column = new double[p];
        for (var j = 0; j < p; j++)
        {
            Array.Clear(column);
            column[j] = 1;
            Solve(column);
            for (var i = 0; i < p; i++)
            {
                inverse[(i * p) + j] = column[i];
            }
        }

        return inverse;
    }

    /// <summary>xᵀ·A⁻¹·x, the quadratic form behind the score, Wald and log-rank statistics.</summary>
    public double InverseQuadraticForm(ReadOnlySpan<double> x)
    {
        var solved = x.ToArray();
        Solve(solved);
        var sum = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            sum += x[i] * solved[i];
        }

        return sum;
    }
}
