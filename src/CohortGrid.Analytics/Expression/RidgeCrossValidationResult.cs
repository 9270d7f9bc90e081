namespace CohortGrid.Analytics.Expression;

/// <summary>Outcome of <see cref="RidgeCrossValidation.Run"/>: per-gene quality, out-of-fold predictions, final model.</summary>
public sealed class RidgeCrossValidationResult
{
    internal RidgeCrossValidationResult(
        IReadOnlyList<GeneCorrelation> genes,
        IReadOnlyList<string> wellPredictedGenes,
        IReadOnlyList<double[]> outOfFoldPredictions,
        IReadOnlyList<int> foldOfSample,
        IReadOnlyList<double[]> foldCorrelations,
        IReadOnlyList<double[]> foldLambdas,
        RidgeModel finalModel,
        IReadOnlyList<SkippedGene> skipped)
    {
        Genes = genes;
        WellPredictedGenes = wellPredictedGenes;
        OutOfFoldPredictions = outOfFoldPredictions;
        FoldOfSample = foldOfSample;
        FoldCorrelations = foldCorrelations;
        FoldLambdas = foldLambdas;
        FinalModel = finalModel;
        Skipped = skipped;
    }

    /// <summary>One row per gene kept, in target order: gene, r, p, q (Holm), n, λ, FDR.</summary>
    public IReadOnlyList<GeneCorrelation> Genes { get; }

    /// <summary>Genes with Holm q below alpha and a positive correlation, in target order.</summary>
    public IReadOnlyList<string> WellPredictedGenes { get; }

    /// <summary>Out-of-fold predictions, samples × genes: each sample predicted by the model that did not see it.</summary>
    public IReadOnlyList<double[]> OutOfFoldPredictions { get; }

    /// <summary>The outer fold each sample was held out in.</summary>
    public IReadOnlyList<int> FoldOfSample { get; }

    /// <summary>Pearson r within each fold's held-out samples, folds × genes (NaN where undefined).</summary>
    public IReadOnlyList<double[]> FoldCorrelations { get; }

    /// <summary>Penalty chosen inside each training fold, folds × genes.</summary>
    public IReadOnlyList<double[]> FoldLambdas { get; }

    /// <summary>The model fitted on all samples, penalties chosen the same way; this is the one to export.</summary>
    public RidgeModel FinalModel { get; }

    /// <summary>Genes left out before fitting, with the reason.</summary>
    public IReadOnlyList<SkippedGene> Skipped { get; }
}
