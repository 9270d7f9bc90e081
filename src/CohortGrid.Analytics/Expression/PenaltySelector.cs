namespace CohortGrid.Analytics.Expression;

/// <summary>Chooses each gene's penalty from the grid, by GCV on one spectrum or by inner cross-validation.</summary>
internal static class PenaltySelector
{
    /// <summary>The chosen absolute λ per gene for a training set already decomposed into <paramref name="spectrum"/>.</summary>
    public static double[] Choose(
        RidgeSpectrum spectrum,
        DenseMatrix x,
        DenseMatrix y,
        RidgeOptions options,
        IReadOnlyList<string>? groups,
        int seed,
        int degree,
        CancellationToken cancellationToken)
    {
        // The grid is fixed by the full training set, so inner folds compare the same absolute penalties.
        var lambdas = spectrum.Lambdas(options.RelativeLambdas);
        var chosen = options.Selection switch
        {
            PenaltySelection.Gcv => RidgeSpectrum.ArgMinPerGene(spectrum.GcvScores(lambdas, degree)),
            PenaltySelection.InnerCv => RidgeSpectrum.ArgMinPerGene(
                InnerCvErrors(x, y, lambdas, options, groups, seed, degree, cancellationToken)),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.Selection, "unknown penalty selection"),
        };
        return [.. chosen.Select(i => lambdas[i])];
    }

    /// <summary>Summed squared held-out error, lambdas × genes, over inner folds of the training set.</summary>
    public static DenseMatrix InnerCvErrors(
        DenseMatrix x,
        DenseMatrix y,
        IReadOnlyList<double> lambdas,
        RidgeOptions options,
        IReadOnlyList<string>? groups,
        int seed,
        int degree,
        CancellationToken cancellationToken)
    {
        var assignment = FoldAssignment.Assign(x.Rows, options.InnerFolds, seed, groups);
        var errors = new DenseMatrix(lambdas.Count, y.Cols);
        for (var fold = 0; fold < options.InnerFolds; fold++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (train, test) = FoldAssignment.Split(assignment, fold);
            var spectrum = RidgeSpectrum.Decompose(x.SelectRows(train), y.SelectRows(train), options.Standardize, degree);
            var projected = spectrum.ProjectFeatures(x.SelectRows(test), degree);
            var measured = y.SelectRows(test);
            for (var l = 0; l < lambdas.Count; l++)
            {
                var predicted = spectrum.Predict(projected, spectrum.Shrink(lambdas[l]), degree);
                var row = errors.Row(l);
                for (var i = 0; i < predicted.Rows; i++)
                {
                    var p = predicted.Row(i);
                    var m = measured.Row(i);
                    for (var g = 0; g < row.Length; g++)
                    {
                        var e = p[g] - m[g];
                        row[g] += e * e;
                    }
                }
            }
        }

        return errors;
    }
}
