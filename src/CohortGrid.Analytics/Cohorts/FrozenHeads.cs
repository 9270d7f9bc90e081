namespace CohortGrid.Analytics.Cohorts;

/// <summary>
/// The heads a training cohort saves (<c>heads/{id}/heads.json</c> in the results container) for validation cohorts
/// to score with: frozen linear survival and expression heads on slide embeddings of one encoder.
/// </summary>
public sealed record FrozenHeads
{
    /// <summary>The id validation cohorts name (the training cohort's id).</summary>
    public required string Id { get; init; }

    /// <summary>Encoder whose embeddings the heads take; a cohort embedded with another encoder cannot use them.</summary>
    public required string EncoderId { get; init; }

    public required int Dimension { get; init; }

    /// <summary>Tile to slide aggregation the heads were fitted on.</summary>
    public string SlideAggregation { get; init; } = "mean";

    /// <summary>Slide to patient aggregation of the survival head.</summary>
    public string PatientAggregation { get; init; } = "mean-vector";

    public SurvivalHead? Survival { get; init; }

    public ExpressionHead? Expression { get; init; }

    /// <summary>Training figures, for the record: cross-validated C-index and well-predicted genes.</summary>
    public double? TrainingCIndex { get; init; }

    public IReadOnlyList<string> WellPredictedGenes { get; init; } = [];

    public DateTimeOffset CreatedAt { get; init; }
}
