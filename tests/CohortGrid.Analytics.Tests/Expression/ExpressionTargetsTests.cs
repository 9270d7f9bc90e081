using CohortGrid.Analytics.Expression;

namespace CohortGrid.Analytics.Tests.Expression;

public sealed class ExpressionTargetsTests
{
    [Fact]
    public void Tpm_values_become_log2_of_one_plus_tpm()
    {
        var targets = ExpressionTargets.Create(["A", "B"], [[0, 3], [1, 7], [15, 0]], ExpressionScale.Log2Tpm1);

        Assert.Equal(0, targets.Value(0, 0));
        Assert.Equal(2, targets.Value(0, 1), 1e-12);
        Assert.Equal(1, targets.Value(1, 0), 1e-12);
        Assert.Equal(3, targets.Value(1, 1), 1e-12);
        Assert.Equal(4, targets.Value(2, 0), 1e-12);
        Assert.Equal(3, targets.SampleCount);
    }

    [Fact]
    public void Log_scale_values_are_used_as_given_even_when_negative()
    {
        var targets = ExpressionTargets.Create(["A"], [[-1.5], [2.25]], ExpressionScale.Log);

        Assert.Equal([[-1.5], [2.25]], targets.ToRows());
        Assert.Equal(-1.5, ExpressionTransform.Apply(-1.5, ExpressionScale.Log));
    }

    [Fact]
    public void A_negative_tpm_fails_naming_gene_and_sample()
    {
        var e = Assert.Throws<AnalyticsException>(() => ExpressionTargets.Create(["A", "B"], [[1, 2], [3, -0.5]], ExpressionScale.Log2Tpm1));

        Assert.Contains("'B'", e.Message, StringComparison.Ordinal);
        Assert.Contains("sample 1", e.Message, StringComparison.Ordinal);
        Assert.Contains("negative", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void A_value_that_is_not_a_number_fails(double bad)
    {
        var e = Assert.Throws<AnalyticsException>(() => ExpressionTargets.Create(["A", "B"], [[1, 2], [bad, 4]], ExpressionScale.Log));

        Assert.Contains("'A'", e.Message, StringComparison.Ordinal);
        Assert.Contains("not a finite number", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gene_with_zero_variance_is_skipped_with_the_reason()
    {
        var targets = ExpressionTargets.Create(["A", "FLAT", "C"], [[1, 5, 0], [2, 5, 1], [3, 5, 9]], ExpressionScale.Log2Tpm1);

        Assert.Equal(["A", "C"], targets.Genes);
        var skipped = Assert.Single(targets.Skipped);
        Assert.Equal("FLAT", skipped.Gene);
        Assert.Contains("zero variance", skipped.Reason, StringComparison.Ordinal);
        Assert.Equal(Math.Log2(10), targets.Value(2, 1), 1e-12);
    }

    [Fact]
    public void When_no_gene_varies_the_targets_are_rejected()
    {
        Assert.Throws<AnalyticsException>(() => ExpressionTargets.Create(["A", "B"], [[1, 2], [1, 2]], ExpressionScale.Log));
    }

    [Fact]
    public void A_sample_with_the_wrong_number_of_genes_fails()
    {
        var e = Assert.Throws<AnalyticsException>(() => ExpressionTargets.Create(["A", "B"], [[1, 2], [3]], ExpressionScale.Log));

        Assert.Contains("sample 1 has 1 values for 2 genes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Duplicate_gene_names_fail()
    {
        Assert.Throws<AnalyticsException>(() => ExpressionTargets.Create(["A", "A"], [[1, 2], [3, 4]], ExpressionScale.Log));
    }

    [Fact]
    public void Features_and_targets_with_different_sample_counts_fail()
    {
        var targets = ExpressionTargets.Create(["A"], [[1], [2], [3], [4]], ExpressionScale.Log);
        double[][] features = [[1, 2], [3, 4], [5, 6]];

        var e = Assert.Throws<AnalyticsException>(() => RidgeCrossValidation.Run(features, targets, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("3 feature rows but 4 target rows", e.Message, StringComparison.Ordinal);
        Assert.Throws<AnalyticsException>(() => RidgeRegression.Fit(features, targets, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public void Ragged_or_non_finite_features_fail()
    {
        var targets = ExpressionTargets.Create(["A"], [[1], [2], [3]], ExpressionScale.Log);

        Assert.Throws<AnalyticsException>(() => RidgeRegression.Fit([[1, 2], [3], [5, 6]], targets, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Throws<AnalyticsException>(() => RidgeRegression.Fit([[1, 2], [3, double.NaN], [5, 6]], targets, cancellationToken: TestContext.Current.CancellationToken));
    }
}
