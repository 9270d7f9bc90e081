namespace CohortGrid.Client;

/// <summary>What goes with a cohort sent as CSV tables; every property is optional.</summary>
public sealed record CsvSubmissionOptions
{
    /// <summary>Human-readable name; null for the server's default ("uploaded cohort"). Part of the content-derived id.</summary>
    public string? Name { get; init; }

    /// <summary>Tile encoder (model card id); null for the server's default.</summary>
    public string? EncoderId { get; init; }

    /// <summary>The cohort id to use; null for one derived from the content (which makes re-submitting idempotent).</summary>
    public string? CohortId { get; init; }

    /// <summary>True when the expression table holds log-scale values already; otherwise TPM, transformed to log2(1+TPM).</summary>
    public bool ExpressionIsLogTransformed { get; init; }

    /// <summary>What the analytics do when the slides are done; null for the defaults.</summary>
    public AnalysisRequest? Analysis { get; init; }
}
