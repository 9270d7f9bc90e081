namespace CohortGrid.Storage.Formats;

/// <summary>One patient of <c>predictions.parquet</c>.</summary>
/// <param name="PatientId">The patient.</param>
/// <param name="Slides">Slides the prediction is made from.</param>
/// <param name="RiskScore">Image risk (linear predictor of the survival head; higher = worse); null without a survival head.</param>
/// <param name="RiskGroup">Risk group from the training cut-offs (e.g. <c>low</c>, <c>intermediate</c>, <c>high</c>); empty without one.</param>
/// <param name="Expression">Predicted log-scale expression per gene, in the file's gene order (the patient's slides averaged).</param>
public sealed record PredictionRow(string PatientId, int Slides, double? RiskScore, string RiskGroup, IReadOnlyList<double?> Expression);
