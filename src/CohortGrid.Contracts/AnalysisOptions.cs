namespace CohortGrid.Contracts;

/// <summary>
/// What the cohort's analytics do once every slide is done. A cohort with outcomes and/or expression and no
/// <see cref="HeadId"/> is a <em>training</em> cohort: it fits survival and expression heads with cross-validation
/// and saves them under the cohort's id. A cohort naming a <see cref="HeadId"/> is a <em>validation</em> cohort:
/// it is scored with those frozen heads, and validated when it has labels.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AnalysisOptions
{
    /// <summary>Frozen heads to score with (the id of the training cohort that saved them); null to train.</summary>
    [Id(0)]
    public string? HeadId { get; init; }

    /// <summary>Tile to slide: <c>mean</c> (default), <c>attention</c> (needs <see cref="AttentionHeadId"/>) or <c>top-k</c> (tile scores of the fitted heads).</summary>
    [Id(1)]
    public string SlideAggregation { get; init; } = "mean";

    /// <summary>Slide to patient: <c>mean-vector</c> (default), <c>max-risk</c> or <c>mean-risk</c>.</summary>
    [Id(2)]
    public string PatientAggregation { get; init; } = "mean-vector";

    /// <summary>Tiles averaged by top-k aggregation.</summary>
    [Id(3)]
    public int TopK { get; init; } = 10;

    /// <summary>Cross-validation folds of a training cohort.</summary>
    [Id(4)]
    public int Folds { get; init; } = 5;

    /// <summary>Risk groups from the training risk: <c>tertiles</c> (default) or <c>median</c>.</summary>
    [Id(5)]
    public string RiskGroups { get; init; } = "tertiles";

    /// <summary>Clinical covariates fitted next to the image risk in a multivariable Cox model (does the image add to them?).</summary>
    [Id(6)]
    public IReadOnlyList<string> ClinicalCovariates { get; init; } = [];

    /// <summary>A linear attention head (model card id, 1 output) for attention aggregation.</summary>
    [Id(7)]
    public string? AttentionHeadId { get; init; }

    /// <summary>A user-supplied slide head (model card id, e.g. an ONNX risk model) used instead of fitting one.</summary>
    [Id(8)]
    public string? SlideHeadId { get; init; }

    /// <summary>Seed of fold assignment and bootstrap, so a rerun gives the same numbers.</summary>
    [Id(9)]
    public int Seed { get; init; } = 1;
}
