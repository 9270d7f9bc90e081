namespace CohortGrid.Client;

/// <summary>
/// A cohort as JSON: the body of <c>POST /api/cohorts</c> and <c>POST /api/cohorts/validate</c> with
/// <c>Content-Type: application/json</c>. The same cohort can be sent as CSV tables instead
/// (a multipart form with manifest, clinical and expression CSV files).
/// </summary>
public sealed record CohortSubmissionRequest
{
    /// <summary>Human-readable name (e.g. "TCGA-COAD training").</summary>
    public string Name { get; init; } = "";

    /// <summary>Tile encoder (model card id); null for the server's default.</summary>
    public string? EncoderId { get; init; }

    /// <summary>The cohort id to use; null for one derived from the content, which makes re-submitting idempotent.</summary>
    public string? CohortId { get; init; }

    /// <summary>The slides; one or more per patient.</summary>
    public IReadOnlyList<ManifestSlide> Slides { get; init; } = [];

    /// <summary>Per-patient outcomes and covariates; empty for a prediction-only cohort.</summary>
    public IReadOnlyList<ClinicalRecord> Clinical { get; init; } = [];

    /// <summary>Measured expression per slide; null when there is none.</summary>
    public ExpressionTable? Expression { get; init; }

    /// <summary>What the analytics do when the slides are done; null for the defaults.</summary>
    public AnalysisRequest? Analysis { get; init; }
}

/// <summary>One slide of a cohort.</summary>
/// <param name="SlideId">Unique within the cohort.</param>
/// <param name="PatientId">Patient the slide belongs to.</param>
/// <param name="Location">An absolute path under one of the server's allowed roots, <c>az://container/path</c> or a blob URL of the configured account.</param>
/// <param name="Mpp">Microns per pixel to use instead of the slide's metadata.</param>
public sealed record ManifestSlide(string SlideId, string PatientId, string Location, double? Mpp = null);

/// <summary>Outcome and covariates of one patient.</summary>
/// <param name="PatientId">Patient.</param>
/// <param name="Time">Follow-up time, in one unit for every patient.</param>
/// <param name="Event">1 when the event was observed, 0 when censored.</param>
/// <param name="Covariates">Named numeric covariates (stage, age, ...).</param>
public sealed record ClinicalRecord(string PatientId, double? Time, int? Event, IReadOnlyDictionary<string, double>? Covariates = null);

/// <summary>Measured gene expression per slide.</summary>
/// <param name="Genes">Gene symbols, one per column.</param>
/// <param name="Rows">One row of values per slide, in <paramref name="Genes"/> order.</param>
/// <param name="IsLogTransformed">True when values are log-scale already; otherwise TPM, transformed to log2(1+TPM).</param>
public sealed record ExpressionTable(IReadOnlyList<string> Genes, IReadOnlyList<ExpressionRow> Rows, bool IsLogTransformed = false);

/// <summary>Expression values of one slide.</summary>
/// <param name="SlideId">Slide.</param>
/// <param name="Values">Values in the table's gene order.</param>
public sealed record ExpressionRow(string SlideId, IReadOnlyList<double> Values);

/// <summary>Analytics choices; every property left null keeps the server's default.</summary>
public sealed record AnalysisRequest
{
    /// <summary>Frozen heads to score with (the id of the training cohort that saved them); null to train.</summary>
    public string? HeadId { get; init; }

    /// <summary>Tile to slide: <c>mean</c>, <c>attention</c> or <c>top-k</c>.</summary>
    public string? SlideAggregation { get; init; }

    /// <summary>Slide to patient: <c>mean-vector</c>, <c>max-risk</c> or <c>mean-risk</c>.</summary>
    public string? PatientAggregation { get; init; }

    /// <summary>Tiles averaged by top-k aggregation.</summary>
    public int? TopK { get; init; }

    /// <summary>Cross-validation folds of a training cohort.</summary>
    public int? Folds { get; init; }

    /// <summary>Risk groups: <c>tertiles</c> or <c>median</c>.</summary>
    public string? RiskGroups { get; init; }

    /// <summary>Clinical covariates fitted beside the image risk in a multivariable Cox model.</summary>
    public IReadOnlyList<string>? ClinicalCovariates { get; init; }

    /// <summary>Linear attention head (model card id) for attention aggregation.</summary>
    public string? AttentionHeadId { get; init; }

    /// <summary>A slide head (model card id) used instead of fitting one.</summary>
    public string? SlideHeadId { get; init; }

    /// <summary>Seed of fold assignment and bootstrap.</summary>
    public int? Seed { get; init; }
}
