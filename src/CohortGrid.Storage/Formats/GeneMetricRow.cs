namespace CohortGrid.Storage.Formats;

/// <summary>One gene of <c>expression.parquet</c>: how well it is predicted from the slides.</summary>
/// <param name="Gene">Gene symbol.</param>
/// <param name="N">Slides the metrics are computed over.</param>
/// <param name="R">Pearson r of (out-of-fold) prediction against measurement; null when it cannot be computed (constant gene).</param>
/// <param name="P">Two-sided p-value of r.</param>
/// <param name="Q">Holm-adjusted p-value.</param>
/// <param name="Lambda">Ridge penalty of the final model (null for a frozen head's validation).</param>
public sealed record GeneMetricRow(string Gene, int N, double? R, double? P, double? Q, double? Lambda);
