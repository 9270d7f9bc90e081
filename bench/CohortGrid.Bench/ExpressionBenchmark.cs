using System.Diagnostics;
using System.Globalization;
using CohortGrid.Analytics.Expression;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Providers.LinearAlgebra;

namespace CohortGrid.Bench;

/// <summary>
/// Expression prediction at cohort scale: 5-fold ridge cross-validation of 1,000 slides × 1,280 embedding features ×
/// 5,000 genes (per-gene GCV inside each training fold, then the final fit on all slides), target under 60 s on
/// 2 cores; and the check that the one-decomposition multi-gene solution matches gene-by-gene normal equations.
/// Synthetic data with a fixed seed: embeddings from 32 latent factors plus noise, 1,000 genes driven by the factors
/// with varied strength and 4,000 genes of pure noise.
/// </summary>
internal static class ExpressionBenchmark
{
    private const double TargetSeconds = 60;
    private const int Latent = 32;
    private const int CheckedGenes = 4;

    public static void Run(int slides = 1000, int features = 1280, int genes = 5000, int seed = 20_240_612)
    {
        Console.WriteLine();
        Console.WriteLine(Invariant($"== expression: ridge CV {slides:N0} slides x {features:N0} features x {genes:N0} genes (5 folds, GCV per gene, final fit) =="));
        Console.WriteLine(Invariant($"MathNet provider {LinearAlgebraControl.Provider} (eigendecomposition only; products use the built-in SIMD kernel), {Environment.ProcessorCount} threads"));
        var (x, targets) = Synthetic(slides, features, genes, seed);

        // Warm-up on a small problem so JIT is not billed to the measurement.
        var (wx, wt) = Synthetic(60, 40, 20, seed + 1);
        RidgeCrossValidation.Run(wx, wt);

        var watch = Stopwatch.StartNew();
        var result = RidgeCrossValidation.Run(x, targets, new RidgeCrossValidationOptions { Seed = seed });
        var seconds = watch.Elapsed.TotalSeconds;
        var driven = result.Genes.Take(genes / 5).ToArray();
        var noise = result.Genes.Skip(genes / 5).ToArray();
        Console.WriteLine(Invariant($"  cross-validation      {seconds,7:0.00} s  ({seconds / TargetSeconds:P0} of the {TargetSeconds:0} s target)"));
        Console.WriteLine(Invariant($"  well predicted        {result.WellPredictedGenes.Count:N0} of {genes:N0} (driven genes: median r {Median(driven.Select(g => g.R)):0.000}; noise genes: mean r {noise.Average(g => g.R):0.000}, {noise.Count(g => g.Q < 0.05 && g.R > 0)} called)"));

        Check(x, targets, seed);
    }

    /// <summary>Times the 5,000-gene solve with per-gene penalties and compares a few genes with Cholesky solves.</summary>
    private static void Check(double[][] x, ExpressionTargets targets, int seed)
    {
        var random = new Random(seed);
        var genes = targets.Genes.Count;
        var features = x[0].Length;
        var rows = targets.ToRows();
        var xc = Centre(Matrix<double>.Build.DenseOfRowArrays(x));
        var gram = xc.TransposeThisAndMultiply(xc);
        var unit = gram.Trace() / Math.Min(x.Length, features);
        var lambdas = Enumerable.Range(0, genes).Select(_ => unit * Math.Pow(10, -2 + (4 * random.NextDouble()))).ToArray();

        var watch = Stopwatch.StartNew();
        var model = RidgeRegression.FitWithPenalties(x, rows, targets.Genes, lambdas);
        var multi = watch.Elapsed.TotalSeconds;

        watch.Restart();
        var worst = 0.0;
        for (var k = 0; k < CheckedGenes; k++)
        {
            var g = k * (genes / CheckedGenes);
            var y = Vector<double>.Build.Dense(rows.Length, i => rows[i][g]);
            var beta = (gram + (lambdas[g] * Matrix<double>.Build.DenseIdentity(features))).Cholesky().Solve(xc.TransposeThisAndMultiply(y - y.Average()));
            var fitted = Vector<double>.Build.Dense(features, j => model.Coefficient(j, g));
            worst = Math.Max(worst, (fitted - beta).L2Norm() / beta.L2Norm());
        }

        var perGene = watch.Elapsed.TotalSeconds / CheckedGenes;
        Console.WriteLine(Invariant($"  {genes:N0} genes, own λ each  {multi,7:0.00} s  (one decomposition + products)"));
        Console.WriteLine(Invariant($"  gene by gene (Cholesky) {perGene,7:0.00} s per gene, {perGene * genes:N0} s for {genes:N0} extrapolated from {CheckedGenes}: {perGene * genes / multi:N0}x slower"));
        Console.WriteLine(Invariant($"  largest relative difference of the coefficients on {CheckedGenes} genes: {worst:E1}"));
    }

    private static (double[][] X, ExpressionTargets Targets) Synthetic(int slides, int features, int genes, int seed)
    {
        var random = new Random(seed);
        var factors = Gaussian(random, slides, Latent);
        var loadings = Gaussian(random, Latent, features);
        var x = new double[slides][];
        for (var i = 0; i < slides; i++)
        {
            x[i] = new double[features];
            for (var j = 0; j < features; j++)
            {
                var v = 0.0;
                for (var k = 0; k < Latent; k++)
                {
                    v += factors[i][k] * loadings[k][j];
                }

                x[i][j] = (0.2 * v) + Normal(random);
            }
        }

        // The first fifth of the genes follow the factors with strength falling from 1 to 0; the rest are noise.
        var weights = Gaussian(random, Latent, genes);
        var y = new double[slides][];
        for (var i = 0; i < slides; i++)
        {
            y[i] = new double[genes];
            for (var g = 0; g < genes; g++)
            {
                var strength = g < genes / 5 ? 1 - ((double)g / (genes / 5)) : 0;
                var v = 0.0;
                if (strength > 0)
                {
                    for (var k = 0; k < Latent; k++)
                    {
                        v += factors[i][k] * weights[k][g];
                    }
                }

                y[i][g] = 4 + (0.3 * strength * v) + Normal(random);
            }
        }

        var names = Enumerable.Range(0, genes).Select(g => $"GENE{g}").ToArray();
        return (x, ExpressionTargets.Create(names, y, ExpressionScale.Log));
    }

    private static Matrix<double> Centre(Matrix<double> m)
    {
        var means = m.ColumnSums() / m.RowCount;
        return Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (i, j) => m[i, j] - means[j]);
    }

    private static double[][] Gaussian(Random random, int rows, int cols)
    {
        var m = new double[rows][];
        for (var i = 0; i < rows; i++)
        {
            m[i] = new double[cols];
            for (var j = 0; j < cols; j++)
            {
                m[i][j] = Normal(random);
            }
        }

        return m;
    }

    private static double Normal(Random random)
    {
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }

    private static double Median(IEnumerable<double> values) => Measure.Median(values);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
