using CohortGrid.Analytics.Expression;
using MathNet.Numerics.LinearAlgebra;

namespace CohortGrid.Analytics.Tests.Expression;

public sealed class RidgeRegressionTests
{
    [Theory]
    [InlineData(40, 60, false)] // wide: through the n×n Gram matrix
    [InlineData(80, 30, false)] // tall: through the p×p Gram matrix
    [InlineData(50, 70, true)]
    [InlineData(90, 25, true)]
    public void Five_thousand_genes_with_their_own_penalties_match_gene_by_gene_normal_equations(int n, int p, bool standardize)
    {
        const int Genes = 5000;
        var random = new Random(n * 1000 + p);
        var x = SyntheticExpression.Gaussian(random, n, p);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < p; j++)
            {
                // Unequal feature scales and offsets, so centring and standardisation are exercised.
                x[i][j] = (x[i][j] * (1 + j % 5)) + j;
            }
        }

        var y = SyntheticExpression.Gaussian(random, n, Genes, offset: 5);
        for (var i = 0; i < n; i++)
        {
            for (var g = 0; g < Genes; g++)
            {
                y[i][g] += x[i][g % p] * 0.3;
            }
        }

        var (xc, means, scales) = CentreAndScale(x, standardize);
        var gram = xc.TransposeThisAndMultiply(xc);
        var meanEigenvalue = gram.Trace() / Math.Min(n, p);
        var lambdas = Enumerable.Range(0, Genes).Select(_ => meanEigenvalue * Math.Pow(10, -3 + (5 * random.NextDouble()))).ToArray();

        var model = RidgeRegression.FitWithPenalties(x, y, SyntheticExpression.GeneNames(Genes), lambdas, standardize);

        var identity = Matrix<double>.Build.DenseIdentity(p);
        var worst = 0.0;
        for (var g = 0; g < Genes; g++)
        {
            var yg = Vector<double>.Build.DenseOfArray(SyntheticExpression.Column(y, g));
            var yMean = yg.Average();
            var beta = (gram + (lambdas[g] * identity)).Cholesky().Solve(xc.TransposeThisAndMultiply(yg - yMean));
            var raw = Vector<double>.Build.Dense(p, j => beta[j] / scales[j]);
            var intercept = yMean - raw.DotProduct(Vector<double>.Build.DenseOfArray(means));
            var fitted = Vector<double>.Build.Dense(p, j => model.Coefficient(j, g));
            worst = Math.Max(worst, (fitted - raw).L2Norm() / raw.L2Norm());
            worst = Math.Max(worst, Math.Abs(model.Intercepts[g] - intercept) / Math.Max(1, Math.Abs(intercept)));
        }

        Assert.True(worst < 1e-8, $"largest relative difference {worst:E2}");
        Assert.Equal(lambdas, model.Lambdas);
    }

    [Fact]
    public void Predictions_of_the_model_its_rows_and_its_exported_linear_head_agree()
    {
        var random = new Random(7);
        var x = SyntheticExpression.Gaussian(random, 30, 12, offset: 2);
        var y = SyntheticExpression.Gaussian(random, 30, 4);
        var model = RidgeRegression.Fit(x, y, ["A", "B", "C", "D"], new RidgeOptions { Standardize = true }, cancellationToken: TestContext.Current.CancellationToken);

        var predicted = model.Predict(x);
        var weights = model.WeightsPerGene;
        var bias = model.Bias;
        for (var i = 0; i < x.Length; i++)
        {
            var row = model.PredictRow(x[i]);
            for (var g = 0; g < 4; g++)
            {
                var head = bias[g] + weights[g].Select((w, j) => w * x[i][j]).Sum();
                Assert.Equal(predicted[i][g], row[g], 1e-10);
                Assert.Equal(predicted[i][g], head, 1e-10);
            }
        }

        Assert.Equal(["A", "B", "C", "D"], model.Genes);
        Assert.Equal(12, model.FeatureCount);
        Assert.Equal(12, model.FeatureMeans.Count);
        Assert.All(model.FeatureScales, s => Assert.True(s > 0));
    }

    [Fact]
    public void A_constant_feature_gets_zero_weight_instead_of_breaking_standardisation()
    {
        var random = new Random(11);
        var x = SyntheticExpression.Gaussian(random, 25, 6);
        foreach (var row in x)
        {
            row[2] = 4.5;
        }

        var y = SyntheticExpression.Gaussian(random, 25, 3);
        var model = RidgeRegression.Fit(x, y, ["A", "B", "C"], new RidgeOptions { Standardize = true }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.All(model.WeightsPerGene, w => Assert.Equal(0, w[2], 1e-12));
        Assert.All(model.Predict(x).SelectMany(r => r), v => Assert.True(double.IsFinite(v)));
    }

    private static (Matrix<double> Centred, double[] Means, double[] Scales) CentreAndScale(double[][] x, bool standardize)
    {
        var m = Matrix<double>.Build.DenseOfRowArrays(x);
        var means = m.ColumnSums().Divide(m.RowCount).ToArray();
        var centred = Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (i, j) => m[i, j] - means[j]);
        var scales = Enumerable.Range(0, m.ColumnCount)
            .Select(j => standardize ? Math.Sqrt(centred.Column(j).DotProduct(centred.Column(j)) / (m.RowCount - 1)) : 1)
            .ToArray();
        return (Matrix<double>.Build.Dense(m.RowCount, m.ColumnCount, (i, j) => centred[i, j] / scales[j]), means, scales);
    }
}
