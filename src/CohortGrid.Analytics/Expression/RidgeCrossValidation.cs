using System.Runtime.ExceptionServices;

namespace CohortGrid.Analytics.Expression;

/// <summary>
/// K-fold cross-validated ridge regression of expression on slide embeddings (HE2RNA-style evaluation): each
/// fold's model, with penalties chosen inside its training samples only, predicts the held-out samples; per-gene
/// Pearson r of those out-of-fold predictions against the measured values is tested and Holm-adjusted.
/// </summary>
public static class RidgeCrossValidation
{
    /// <summary>Runs the folds and the final fit on all samples.</summary>
    /// <param name="features">One row of embedding values per sample (n × p).</param>
    /// <param name="targets">Validated targets, rows in the same sample order.</param>
    /// <param name="options">Folds, seed, ridge settings, alpha; defaults when null.</param>
    /// <param name="groups">Optional group (patient) per sample: a group never straddles a split.</param>
    /// <param name="cancellationToken">Stops between folds.</param>
    /// <exception cref="AnalyticsException">Shapes differ, a value is not finite, or the folds cannot be formed.</exception>
    public static RidgeCrossValidationResult Run(
        IReadOnlyList<double[]> features,
        ExpressionTargets targets,
        RidgeCrossValidationOptions? options = null,
        IReadOnlyList<string>? groups = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        options ??= new RidgeCrossValidationOptions();
        var (x, y) = RidgeRegression.Prepare(features, targets.Matrix);
        var n = x.Rows;
        options.Validate(n);
        var ridge = options.Ridge;
        var folds = options.Folds;
        var assignment = FoldAssignment.Assign(n, folds, options.Seed, groups);

        // Folds and the final fit are independent: run them side by side (the eigendecomposition is single-threaded)
        // and give each the threads left over for its matrix products. Task 0, the largest, starts first.
        var tasks = folds + 1;
        var outer = Math.Min(ridge.MaxDegreeOfParallelism, tasks);
        var inner = Math.Max(1, ridge.MaxDegreeOfParallelism / outer);
        var outOfFold = new DenseMatrix(n, y.Cols);
        var foldLambdas = new double[folds][];
        RidgeModel? finalModel = null;
        try
        {
            Parallel.For(0, tasks, new ParallelOptions { MaxDegreeOfParallelism = outer, CancellationToken = cancellationToken }, task =>
            {
                if (task == 0)
                {
                    finalModel = RidgeRegression.FitCore(x, y, targets.Genes, ridge, groups, ridge.Seed, inner, cancellationToken);
                    return;
                }

                var fold = task - 1;
                var (train, test) = FoldAssignment.Split(assignment, fold);
                var xTrain = x.SelectRows(train);
                var yTrain = y.SelectRows(train);
                var trainGroups = groups is null ? null : train.Select(i => groups[i]).ToArray();
                var spectrum = RidgeSpectrum.Decompose(xTrain, yTrain, ridge.Standardize, inner);
                var seed = unchecked((ridge.Seed * 31) + task);
                var lambdas = PenaltySelector.Choose(spectrum, xTrain, yTrain, ridge, trainGroups, seed, inner, cancellationToken);
                var predicted = spectrum.Predict(spectrum.ProjectFeatures(x.SelectRows(test), inner), spectrum.Shrink(lambdas), inner);
                for (var i = 0; i < test.Length; i++)
                {
                    // Test rows are disjoint across folds, so the writes never collide.
                    predicted.Row(i).CopyTo(outOfFold.Row(test[i]));
                }

                foldLambdas[fold] = lambdas;
            });
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
            throw;
        }

        return Summarise(targets, options, assignment, y, outOfFold, foldLambdas, finalModel!);
    }

    private static RidgeCrossValidationResult Summarise(
        ExpressionTargets targets,
        RidgeCrossValidationOptions options,
        int[] assignment,
        DenseMatrix measured,
        DenseMatrix outOfFold,
        double[][] foldLambdas,
        RidgeModel finalModel)
    {
        var n = measured.Rows;
        var genes = measured.Cols;
        var measuredT = measured.Transpose();
        var predictedT = outOfFold.Transpose();
        var r = new double[genes];
        var p = new double[genes];
        for (var g = 0; g < genes; g++)
        {
            r[g] = GeneStatistics.Pearson(predictedT.Row(g), measuredT.Row(g));
            p[g] = GeneStatistics.PearsonPValue(r[g], n, options.Alternative);
        }

        var q = GeneStatistics.Holm(p);
        var fdr = GeneStatistics.BenjaminiHochberg(p);
        var rows = new GeneCorrelation[genes];
        var well = new List<string>();
        for (var g = 0; g < genes; g++)
        {
            rows[g] = new GeneCorrelation(targets.Genes[g], r[g], p[g], q[g], n, finalModel.Lambdas[g], fdr[g]);
            if (q[g] < options.Alpha && r[g] > 0)
            {
                well.Add(targets.Genes[g]);
            }
        }

        var foldCorrelations = new double[options.Folds][];
        for (var fold = 0; fold < options.Folds; fold++)
        {
            var (_, test) = FoldAssignment.Split(assignment, fold);
            var a = new double[test.Length];
            var b = new double[test.Length];
            foldCorrelations[fold] = new double[genes];
            for (var g = 0; g < genes; g++)
            {
                for (var i = 0; i < test.Length; i++)
                {
                    a[i] = predictedT[g, test[i]];
                    b[i] = measuredT[g, test[i]];
                }

                foldCorrelations[fold][g] = GeneStatistics.Pearson(a, b);
            }
        }

        return new RidgeCrossValidationResult(rows, well, outOfFold.ToRows(), assignment, foldCorrelations, foldLambdas, finalModel, targets.Skipped);
    }
}
