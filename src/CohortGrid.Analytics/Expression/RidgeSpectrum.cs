using MathNet.Numerics.LinearAlgebra;

namespace CohortGrid.Analytics.Expression;

/// <summary>
/// One decomposition of a centred (optionally standardised) training design, shared by every gene: eigenvalues
/// d = s² of the design, loadings P = V·S (features × rank) and projections Z = Uᵀ·Y (rank × genes) of the centred
/// targets, from the thin SVD X = U·S·Vᵀ. The ridge solution for gene g at penalty λ is then
/// β = P·diag(1/(d + λ))·z_g = V·diag(s/(s² + λ))·Uᵀ·y_g, so any penalty for any gene costs a product, not a
/// factorisation.
/// </summary>
/// <remarks>
/// The SVD is taken through the eigendecomposition of the smaller Gram matrix: X·Xᵀ (n×n) when samples do not
/// outnumber features, which is the slide-embedding case (800 × 1,280 in a fold), otherwise Xᵀ·X (p×p). Forming the
/// Gram matrix is one blocked product and its symmetric eigendecomposition is far cheaper than MathNet's managed
/// SVD of the tall or wide design; squaring the condition number is harmless here because every penalty in the grid
/// is at least 1e-3 of the mean eigenvalue, so the directions that lose precision are shrunk to nothing anyway.
/// Eigenvalues below d_max·max(n, p)·ε are rounding noise (the direction removed by centring among them) and are
/// dropped.
/// </remarks>
internal sealed class RidgeSpectrum
{
    // Unit round-off of double (double.Epsilon is the smallest subnormal, not this).
    private const double MachineEpsilon = 2.220446049250313e-16;

    private RidgeSpectrum(
        int sampleCount,
        double[] featureMeans,
        double[] featureScales,
        double[] targetMeans,
        double[] eigenvalues,
        DenseMatrix loadings,
        DenseMatrix projections,
        double[] targetSumsOfSquares,
        double meanEigenvalue)
    {
        SampleCount = sampleCount;
        FeatureMeans = featureMeans;
        FeatureScales = featureScales;
        TargetMeans = targetMeans;
        Eigenvalues = eigenvalues;
        Loadings = loadings;
        Projections = projections;
        TargetSumsOfSquares = targetSumsOfSquares;
        MeanEigenvalue = meanEigenvalue;
    }

    public int SampleCount { get; }

    public double[] FeatureMeans { get; }

    /// <summary>Divisors applied after centring: standard deviations, or 1 when not standardising.</summary>
    public double[] FeatureScales { get; }

    public double[] TargetMeans { get; }

    /// <summary>d = s², the squared singular values kept (rank r).</summary>
    public double[] Eigenvalues { get; }

    /// <summary>P = V·S, features × r.</summary>
    public DenseMatrix Loadings { get; }

    /// <summary>Z = Uᵀ·Y_centred, r × genes.</summary>
    public DenseMatrix Projections { get; }

    /// <summary>‖y_g − ȳ_g‖² per gene.</summary>
    public double[] TargetSumsOfSquares { get; }

    /// <summary>Mean of the min(n, p) squared singular values, ‖X‖²_F / min(n, p): the unit of the λ grid.</summary>
    public double MeanEigenvalue { get; }

    public int GeneCount => Projections.Cols;

    public static RidgeSpectrum Decompose(DenseMatrix x, DenseMatrix y, bool standardize, int degree)
    {
        var n = x.Rows;
        var p = x.Cols;
        var (xc, means, scales) = Centre(x, standardize);
        var (yc, targetMeans) = CentreTargets(y);
        var sumsOfSquares = new double[yc.Cols];
        for (var i = 0; i < n; i++)
        {
            var row = yc.Row(i);
            for (var g = 0; g < row.Length; g++)
            {
                sumsOfSquares[g] += row[g] * row[g];
            }
        }

        var frobenius = 0.0;
        foreach (var v in xc.Data)
        {
            frobenius += v * v;
        }

        var meanEigenvalue = frobenius / Math.Min(n, p);
        double[] d;
        DenseMatrix loadings;
        DenseMatrix projections;
        if (n <= p)
        {
            // X·Xᵀ = U·S²·Uᵀ; Z = Uᵀ·Y and P = Xᵀ·U = V·S.
            var (values, vectorsT) = SymmetricEigen(Gemm.Multiply(xc, false, xc, true, degree));
            d = values;
            projections = Gemm.Multiply(vectorsT, false, yc, false, degree);
            loadings = Gemm.Multiply(xc, true, vectorsT, true, degree);
        }
        else
        {
            // Xᵀ·X = V·S²·Vᵀ; U = X·V·S⁻¹, so Z = S⁻¹·(X·V)ᵀ·Y, and P = V·S.
            var (values, vectorsT) = SymmetricEigen(Gemm.Multiply(xc, true, xc, false, degree));
            d = values;
            var xv = Gemm.Multiply(xc, false, vectorsT, true, degree);
            projections = Gemm.Multiply(xv, true, yc, false, degree);
            loadings = new DenseMatrix(p, d.Length);
            for (var i = 0; i < d.Length; i++)
            {
                var s = Math.Sqrt(d[i]);
                var zRow = projections.Row(i);
                for (var g = 0; g < zRow.Length; g++)
                {
                    zRow[g] /= s;
                }

                for (var j = 0; j < p; j++)
                {
                    loadings[j, i] = vectorsT[i, j] * s;
                }
            }
        }

        return new RidgeSpectrum(n, means, scales, targetMeans, d, loadings, projections, sumsOfSquares, meanEigenvalue);
    }

    /// <summary>Absolute penalties: the relative grid times <see cref="MeanEigenvalue"/>.</summary>
    public double[] Lambdas(IReadOnlyList<double> relative)
    {
        var unit = MeanEigenvalue > 0 ? MeanEigenvalue : 1;
        return [.. relative.Select(r => r * unit)];
    }

    /// <summary>
    /// Generalised cross-validation, lambdas × genes: GCV(λ) = n·RSS(λ) / (n − 1 − df(λ))², with
    /// RSS(λ) = ‖y‖² − Σ z_i² + Σ (λ/(d_i + λ))²·z_i² and df(λ) = Σ d_i/(d_i + λ); the extra 1 is the unpenalised
    /// intercept's share of the hat matrix. The λ-dependent part for all genes is one product W·Z∘Z.
    /// </summary>
    public DenseMatrix GcvScores(IReadOnlyList<double> lambdas, int degree)
    {
        var r = Eigenvalues.Length;
        var g = GeneCount;
        var squares = new DenseMatrix(r, g);
        var residualBase = (double[])TargetSumsOfSquares.Clone();
        for (var i = 0; i < r; i++)
        {
            var z = Projections.Row(i);
            var s = squares.Row(i);
            for (var k = 0; k < g; k++)
            {
                s[k] = z[k] * z[k];
                residualBase[k] -= s[k];
            }
        }

        var weights = new DenseMatrix(lambdas.Count, r);
        var denominators = new double[lambdas.Count];
        for (var l = 0; l < lambdas.Count; l++)
        {
            var df = 0.0;
            for (var i = 0; i < r; i++)
            {
                var shrink = lambdas[l] / (Eigenvalues[i] + lambdas[l]);
                weights[l, i] = shrink * shrink;
                df += Eigenvalues[i] / (Eigenvalues[i] + lambdas[l]);
            }

            var dof = SampleCount - 1 - df;
            denominators[l] = dof * dof;
        }

        var scores = Gemm.Multiply(weights, false, squares, false, degree);
        for (var l = 0; l < lambdas.Count; l++)
        {
            var row = scores.Row(l);
            var tooFlexible = denominators[l] <= 1e-12 * SampleCount * SampleCount;
            for (var k = 0; k < g; k++)
            {
                // ‖y‖² − Σz² is the part of y outside the design's span; rounding can push it a hair below zero.
                var rss = row[k] + Math.Max(0, residualBase[k]);
                row[k] = tooFlexible ? double.PositiveInfinity : SampleCount * rss / denominators[l];
            }
        }

        return scores;
    }

    /// <summary>Per gene, the index of the smallest score (the smaller penalty on ties).</summary>
    public static int[] ArgMinPerGene(DenseMatrix scores)
    {
        var best = new int[scores.Cols];
        var bestScore = scores.Row(0).ToArray();
        for (var l = 1; l < scores.Rows; l++)
        {
            var row = scores.Row(l);
            for (var k = 0; k < row.Length; k++)
            {
                if (row[k] < bestScore[k])
                {
                    bestScore[k] = row[k];
                    best[k] = l;
                }
            }
        }

        return best;
    }

    /// <summary>A = diag(1/(d + λ_g))·Z column by column: the gene-specific shrinkage, r × genes.</summary>
    public DenseMatrix Shrink(IReadOnlyList<double> lambdaPerGene)
    {
        var a = new DenseMatrix(Projections.Rows, Projections.Cols);
        for (var i = 0; i < a.Rows; i++)
        {
            var z = Projections.Row(i);
            var row = a.Row(i);
            var d = Eigenvalues[i];
            for (var k = 0; k < row.Length; k++)
            {
                row[k] = z[k] / (d + lambdaPerGene[k]);
            }
        }

        return a;
    }

    /// <summary>A = Z/(d + λ) for one penalty shared by every gene.</summary>
    public DenseMatrix Shrink(double lambda)
    {
        var a = new DenseMatrix(Projections.Rows, Projections.Cols);
        for (var i = 0; i < a.Rows; i++)
        {
            var z = Projections.Row(i);
            var row = a.Row(i);
            var inverse = 1 / (Eigenvalues[i] + lambda);
            for (var k = 0; k < row.Length; k++)
            {
                row[k] = z[k] * inverse;
            }
        }

        return a;
    }

    /// <summary>New samples centred and scaled like the training set, times P: samples × r.</summary>
    public DenseMatrix ProjectFeatures(DenseMatrix x, int degree)
    {
        var xs = new DenseMatrix(x.Rows, x.Cols);
        for (var i = 0; i < x.Rows; i++)
        {
            var from = x.Row(i);
            var to = xs.Row(i);
            for (var j = 0; j < to.Length; j++)
            {
                to[j] = (from[j] - FeatureMeans[j]) / FeatureScales[j];
            }
        }

        return Gemm.Multiply(xs, false, Loadings, false, degree);
    }

    /// <summary>Predictions T·A + ȳ for projected samples T and shrunk projections A.</summary>
    public DenseMatrix Predict(DenseMatrix projected, DenseMatrix shrunk, int degree)
    {
        var prediction = Gemm.Multiply(projected, false, shrunk, false, degree);
        for (var i = 0; i < prediction.Rows; i++)
        {
            var row = prediction.Row(i);
            for (var k = 0; k < row.Length; k++)
            {
                row[k] += TargetMeans[k];
            }
        }

        return prediction;
    }

    private static (DenseMatrix Centred, double[] Means, double[] Scales) Centre(DenseMatrix x, bool standardize)
    {
        var n = x.Rows;
        var p = x.Cols;
        var means = new double[p];
        for (var i = 0; i < n; i++)
        {
            var row = x.Row(i);
            for (var j = 0; j < p; j++)
            {
                means[j] += row[j];
            }
        }

        for (var j = 0; j < p; j++)
        {
            means[j] /= n;
        }

        var centred = new DenseMatrix(n, p);
        var squares = new double[p];
        for (var i = 0; i < n; i++)
        {
            var from = x.Row(i);
            var to = centred.Row(i);
            for (var j = 0; j < p; j++)
            {
                to[j] = from[j] - means[j];
                squares[j] += to[j] * to[j];
            }
        }

        var scales = new double[p];
        for (var j = 0; j < p; j++)
        {
            // A constant feature is all zeros once centred whatever it is divided by; 1 keeps it finite.
            var sd = n > 1 ? Math.Sqrt(squares[j] / (n - 1)) : 0;
            scales[j] = standardize && sd > 0 ? sd : 1;
        }

        if (standardize)
        {
            for (var i = 0; i < n; i++)
            {
                var row = centred.Row(i);
                for (var j = 0; j < p; j++)
                {
                    row[j] /= scales[j];
                }
            }
        }

        return (centred, means, scales);
    }

    private static (DenseMatrix Centred, double[] Means) CentreTargets(DenseMatrix y)
    {
        var means = new double[y.Cols];
        for (var i = 0; i < y.Rows; i++)
        {
            var row = y.Row(i);
            for (var g = 0; g < row.Length; g++)
            {
                means[g] += row[g];
            }
        }

        for (var g = 0; g < means.Length; g++)
        {
            means[g] /= y.Rows;
        }

        var centred = new DenseMatrix(y.Rows, y.Cols);
        for (var i = 0; i < y.Rows; i++)
        {
            var from = y.Row(i);
            var to = centred.Row(i);
            for (var g = 0; g < to.Length; g++)
            {
                to[g] = from[g] - means[g];
            }
        }

        return (centred, means);
    }

    /// <summary>Eigenvalues above the noise floor and their eigenvectors as rows (r × size).</summary>
    private static (double[] Values, DenseMatrix VectorsT) SymmetricEigen(DenseMatrix gram)
    {
        var size = gram.Rows;

        // Column-major and row-major agree for a symmetric matrix, so the array is handed over as it is.
        var evd = Matrix<double>.Build.Dense(size, size, gram.Data).Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Select(v => v.Real).ToArray();
        var vectors = evd.EigenVectors.AsColumnMajorArray() ?? evd.EigenVectors.ToColumnMajorArray();
        var max = values.Length == 0 ? 0 : values.Max();
        var floor = max * size * MachineEpsilon;
        var kept = Enumerable.Range(0, size).Where(i => values[i] > floor && max > 0).ToArray();
        var vectorsT = new DenseMatrix(kept.Length, size);
        var d = new double[kept.Length];
        for (var r = 0; r < kept.Length; r++)
        {
            d[r] = values[kept[r]];
            vectors.AsSpan(kept[r] * size, size).CopyTo(vectorsT.Row(r));
        }

        return (d, vectorsT);
    }
}
