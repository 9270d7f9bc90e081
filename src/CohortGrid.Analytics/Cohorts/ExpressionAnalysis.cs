using CohortGrid.Analytics.Expression;

namespace CohortGrid.Analytics.Cohorts;

/// <summary>
/// Expression analytics of a cohort's slides: training (ridge with per-gene penalty, k-fold CV grouped by patient,
/// final head on every slide) or validation (a frozen head's predictions against the measurements).
/// </summary>
public static class ExpressionAnalysis
{
    public static ExpressionReport Train(IReadOnlyList<double[]> x, ExpressionTargets targets, IReadOnlyList<string> patients, int folds, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        // One-sided: "well predicted" means better than chance. Out-of-fold r of a gene without signal leans negative
        // (each fold predicts the other folds' mean), so a two-sided test would flag noise genes (docs/analytics-expression.md).
        var options = new RidgeCrossValidationOptions
        {
            Folds = Math.Clamp(folds, 2, Math.Max(2, patients.Distinct().Count())),
            Seed = seed,
            Alternative = CorrelationAlternative.Greater,
        };
        var cv = RidgeCrossValidation.Run(x, targets, options, patients, cancellationToken);
        var model = cv.FinalModel;
        var weights = model.WeightsPerGene;
        var head = new ExpressionHead(
            [.. model.Genes],
            [.. model.Genes.Select((_, g) => new LinearScore(weights[g], model.Bias[g]))],
            [.. model.Lambdas]);
        return new ExpressionReport
        {
            Role = "training",
            Genes = cv.Genes,
            WellPredicted = cv.WellPredictedGenes,
            Skipped = cv.Skipped,
            Measured = Columns(targets, model.Genes),
            Predicted = cv.OutOfFoldPredictions,
            Head = head,
        };
    }

    /// <summary>Predicts with <paramref name="head"/> and, for the genes it shares with <paramref name="targets"/>, scores it.</summary>
    public static ExpressionReport Validate(IReadOnlyList<double[]> x, ExpressionTargets targets, ExpressionHead head)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(head);
        var genes = head.Genes.Where(targets.Genes.Contains).ToArray();
        if (genes.Length == 0)
        {
            throw new AnalyticsException($"The expression head predicts none of the cohort's measured genes ({string.Join(", ", targets.Genes.Take(5))}...).");
        }

        var predictedAll = x.Select(row => head.Predict(row)).ToArray();
        var measured = Columns(targets, genes);
        var predicted = predictedAll.Select(row => genes.Select(g => row[Array.IndexOf(head.Genes, g)]).ToArray()).ToArray();
        var n = x.Count;
        var stats = new List<(string Gene, double R, double P)>();
        for (var g = 0; g < genes.Length; g++)
        {
            var r = GeneStatistics.Pearson([.. predicted.Select(row => row[g])], [.. measured.Select(row => row[g])]);
            stats.Add((genes[g], r, GeneStatistics.PearsonPValue(r, n, CorrelationAlternative.Greater)));
        }

        var q = GeneStatistics.Holm([.. stats.Select(s => s.P)]);
        var fdr = GeneStatistics.BenjaminiHochberg([.. stats.Select(s => s.P)]);
        var correlations = stats.Select((s, g) => new GeneCorrelation(s.Gene, s.R, s.P, q[g], n, head.Lambdas[Array.IndexOf(head.Genes, s.Gene)], fdr[g])).ToList();
        return new ExpressionReport
        {
            Role = "validation",
            Genes = correlations,
            WellPredicted = [.. correlations.Where(c => c.Q < 0.05 && c.R > 0).Select(c => c.Gene)],
            Skipped = targets.Skipped,
            Measured = measured,
            Predicted = predicted,
            Head = head,
        };
    }

    private static double[][] Columns(ExpressionTargets targets, IReadOnlyList<string> genes)
    {
        var index = genes.Select(g => targets.Genes.ToList().IndexOf(g)).ToArray();
        var rows = targets.ToRows();
        return [.. rows.Select(row => index.Select(i => row[i]).ToArray())];
    }
}
