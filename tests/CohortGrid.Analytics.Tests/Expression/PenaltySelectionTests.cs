using CohortGrid.Analytics.Expression;
using MathNet.Numerics.LinearAlgebra;

namespace CohortGrid.Analytics.Tests.Expression;

public sealed class PenaltySelectionTests
{
    private static readonly double[] Grid = RidgeOptions.LogSpaced(1e-3, 1e3, 13);

    [Theory]
    [InlineData(30, 12)]
    [InlineData(20, 40)]
    public void Gcv_picks_the_same_penalty_as_a_naive_hat_matrix_computation(int n, int p)
    {
        var (x, y) = MixedSignal(new Random(n + p), n, p, genes: 24);
        var options = new RidgeOptions { RelativeLambdas = Grid };

        var model = RidgeRegression.Fit(x, y, SyntheticExpression.GeneNames(24), options, cancellationToken: TestContext.Current.CancellationToken);

        var xc = Centred(x);
        var lambdas = Grid.Select(r => r * xc.FrobeniusNorm() * xc.FrobeniusNorm() / Math.Min(n, p)).ToArray();
        var naive = NaiveGcv(xc, y, lambdas);
        var spectrum = RidgeSpectrum.Decompose(
            new DenseMatrix(n, p, [.. x.SelectMany(r => r)]),
            new DenseMatrix(n, 24, [.. y.SelectMany(r => r)]),
            standardize: false,
            degree: 1);
        var fast = spectrum.GcvScores(lambdas, degree: 1);
        for (var l = 0; l < lambdas.Length; l++)
        {
            for (var g = 0; g < 24; g++)
            {
                Assert.Equal(naive[l, g], fast[l, g], naive[l, g] * 1e-8);
            }
        }

        for (var g = 0; g < 24; g++)
        {
            var best = Enumerable.Range(0, lambdas.Length).MinBy(l => naive[l, g]);
            Assert.Equal(lambdas[best], model.Lambdas[g], lambdas[best] * 1e-12);
        }

        Assert.True(model.Lambdas.Distinct().Count() >= 3, "the problem should make genes choose different penalties");
    }

    [Fact]
    public void Inner_cross_validation_picks_the_penalty_with_the_least_held_out_error()
    {
        const int Genes = 10;
        var (x, y) = MixedSignal(new Random(3), 48, 20, Genes);
        var options = new RidgeOptions { Selection = PenaltySelection.InnerCv, InnerFolds = 4, Seed = 9, RelativeLambdas = Grid };

        var model = RidgeRegression.Fit(x, y, SyntheticExpression.GeneNames(Genes), options, cancellationToken: TestContext.Current.CancellationToken);

        var xc = Centred(x);
        var lambdas = Grid.Select(r => r * xc.FrobeniusNorm() * xc.FrobeniusNorm() / 20).ToArray();
        var folds = FoldAssignment.Assign(48, 4, 9, groups: null);
        var errors = new double[lambdas.Length, Genes];
        for (var fold = 0; fold < 4; fold++)
        {
            var (train, test) = FoldAssignment.Split(folds, fold);
            for (var l = 0; l < lambdas.Length; l++)
            {
                var fit = RidgeRegression.FitWithPenalties(
                    [.. train.Select(i => x[i])],
                    [.. train.Select(i => y[i])],
                    SyntheticExpression.GeneNames(Genes),
                    Enumerable.Repeat(lambdas[l], Genes).ToArray());
                var predicted = fit.Predict([.. test.Select(i => x[i])]);
                for (var t = 0; t < test.Length; t++)
                {
                    for (var g = 0; g < Genes; g++)
                    {
                        errors[l, g] += Math.Pow(predicted[t][g] - y[test[t]][g], 2);
                    }
                }
            }
        }

        for (var g = 0; g < Genes; g++)
        {
            var best = Enumerable.Range(0, lambdas.Length).MinBy(l => errors[l, g]);
            Assert.Equal(lambdas[best], model.Lambdas[g], lambdas[best] * 1e-12);
        }
    }

    [Fact]
    public void Inner_cross_validation_is_deterministic_for_a_seed()
    {
        var (x, y) = MixedSignal(new Random(4), 40, 15, genes: 8);
        var options = new RidgeOptions { Selection = PenaltySelection.InnerCv, Seed = 21 };
        var names = SyntheticExpression.GeneNames(8);

        var first = RidgeRegression.Fit(x, y, names, options, cancellationToken: TestContext.Current.CancellationToken);
        var second = RidgeRegression.Fit(x, y, names, options, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(first.Lambdas, second.Lambdas);
        Assert.Equal(first.Bias, second.Bias);
    }

    [Fact]
    public void A_gene_of_pure_noise_is_shrunk_harder_than_a_gene_with_signal()
    {
        var random = new Random(5);
        var x = SyntheticExpression.Gaussian(random, 60, 10);
        var y = x.Select(r => new[] { r[0] - r[1] + (0.2 * SyntheticExpression.Normal(random)), SyntheticExpression.Normal(random) }).ToArray();

        foreach (var selection in new[] { PenaltySelection.Gcv, PenaltySelection.InnerCv })
        {
            var model = RidgeRegression.Fit(x, y, ["SIGNAL", "NOISE"], new RidgeOptions { Selection = selection }, cancellationToken: TestContext.Current.CancellationToken);
            Assert.True(model.Lambdas[0] < model.Lambdas[1], $"{selection}: λ {model.Lambdas[0]} for signal, {model.Lambdas[1]} for noise");
        }
    }

    [Fact]
    public void An_empty_or_non_positive_grid_is_rejected()
    {
        var (x, y) = MixedSignal(new Random(6), 10, 3, genes: 2);
        Assert.Throws<AnalyticsException>(() => RidgeRegression.Fit(x, y, ["A", "B"], new RidgeOptions { RelativeLambdas = [] }, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<AnalyticsException>(() => RidgeRegression.Fit(x, y, ["A", "B"], new RidgeOptions { RelativeLambdas = [1, 0] }, cancellationToken: TestContext.Current.CancellationToken));
    }

    /// <summary>Genes with signal from strong to none, so that their best penalties differ.</summary>
    private static (double[][] X, double[][] Y) MixedSignal(Random random, int n, int p, int genes)
    {
        var x = SyntheticExpression.Gaussian(random, n, p);
        var weights = SyntheticExpression.Gaussian(random, p, genes);
        var y = new double[n][];
        for (var i = 0; i < n; i++)
        {
            y[i] = new double[genes];
            for (var g = 0; g < genes; g++)
            {
                var strength = (double)(genes - 1 - g) / genes;
                var signal = 0.0;
                for (var j = 0; j < p; j++)
                {
                    signal += x[i][j] * weights[j][g] * (j < 3 || g % 2 == 0 ? 1 : 0.05);
                }

                y[i][g] = (strength * signal) + (3 * SyntheticExpression.Normal(random)) + g;
            }
        }

        return (x, y);
    }

    private static Matrix<double> Centred(double[][] x)
    {
        var m = Matrix<double>.Build.DenseOfRowArrays(x);
        var means = m.ColumnSums() / m.RowCount;
        return Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (i, j) => m[i, j] - means[j]);
    }

    /// <summary>GCV straight from the definition: H = J/n + X(XᵀX + λI)⁻¹Xᵀ, n·‖(I − H)y‖² / (n − tr H)².</summary>
    private static double[,] NaiveGcv(Matrix<double> xc, double[][] y, double[] lambdas)
    {
        var n = xc.RowCount;
        var ym = Matrix<double>.Build.DenseOfRowArrays(y);
        var scores = new double[lambdas.Length, ym.ColumnCount];
        for (var l = 0; l < lambdas.Length; l++)
        {
            var inverse = (xc.TransposeThisAndMultiply(xc) + (lambdas[l] * Matrix<double>.Build.DenseIdentity(xc.ColumnCount))).Inverse();
            var hat = (xc * inverse * xc.Transpose()) + Matrix<double>.Build.Dense(n, n, 1.0 / n);
            var residual = ym - (hat * ym);
            var denominator = n - hat.Trace();
            for (var g = 0; g < ym.ColumnCount; g++)
            {
                scores[l, g] = n * residual.Column(g).DotProduct(residual.Column(g)) / (denominator * denominator);
            }
        }

        return scores;
    }
}
