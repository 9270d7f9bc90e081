namespace CohortGrid.Contracts;

/// <summary>
/// What a research group submits: the slides (one or more per patient) and, optionally, per-patient
/// outcomes and covariates and per-slide measured gene expression.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CohortManifest
{
    /// <summary>Human-readable cohort name (e.g. "TCGA-COAD training").</summary>
    [Id(0)]
    public string Name { get; init; } = "";

    [Id(1)]
    public IReadOnlyList<ManifestSlide> Slides { get; init; } = [];

    /// <summary>Per-patient outcomes and covariates; empty for an unlabelled (prediction-only) cohort.</summary>
    [Id(2)]
    public IReadOnlyList<ClinicalRecord> Clinical { get; init; } = [];

    /// <summary>Per-slide measured expression; null when the cohort has none.</summary>
    [Id(3)]
    public ExpressionTable? Expression { get; init; }
}

/// <summary>One slide of a cohort.</summary>
/// <param name="SlideId">Unique within the cohort.</param>
/// <param name="PatientId">Patient the slide belongs to.</param>
/// <param name="Location">Where the slide is: a local path under an allowed root (az:// arrives with blob storage).</param>
/// <param name="MppOverride">Microns per pixel to use instead of the slide's metadata.</param>
[GenerateSerializer, Immutable]
public sealed record ManifestSlide(
    [property: Id(0)] string SlideId,
    [property: Id(1)] string PatientId,
    [property: Id(2)] string Location,
    [property: Id(3)] double? MppOverride = null);

/// <summary>Outcome and covariates of one patient.</summary>
/// <param name="PatientId">Patient.</param>
/// <param name="Time">Follow-up time (any unit, the same for every patient).</param>
/// <param name="Event">1 when the event (death, recurrence) was observed, 0 when censored.</param>
/// <param name="Covariates">Named numeric covariates (stage, age, ...).</param>
[GenerateSerializer, Immutable]
public sealed record ClinicalRecord(
    [property: Id(0)] string PatientId,
    [property: Id(1)] double? Time,
    [property: Id(2)] int? Event,
    [property: Id(3)] IReadOnlyDictionary<string, double> Covariates);

/// <summary>Measured gene expression per slide.</summary>
/// <param name="Genes">Gene symbols, one per column.</param>
/// <param name="Rows">One row of values per slide, in <paramref name="Genes"/> order.</param>
/// <param name="IsLogTransformed">True when values are already log-scale; otherwise TPM, transformed to log2(1+TPM).</param>
[GenerateSerializer, Immutable]
public sealed record ExpressionTable(
    [property: Id(0)] IReadOnlyList<string> Genes,
    [property: Id(1)] IReadOnlyList<ExpressionRow> Rows,
    [property: Id(2)] bool IsLogTransformed);

/// <summary>Expression values of one slide.</summary>
[GenerateSerializer, Immutable]
public sealed record ExpressionRow([property: Id(0)] string SlideId, [property: Id(1)] IReadOnlyList<double> Values);
