namespace CohortGrid.Analytics.Expression;

/// <summary>
/// Cross-validated prediction quality of one gene: a row of <c>expression.parquet</c>.
/// </summary>
/// <param name="Gene">Gene name as given.</param>
/// <param name="R">Pearson correlation of out-of-fold predictions with the measured (transformed) values; NaN if undefined.</param>
/// <param name="P">P-value of <paramref name="R"/> (Student t, N − 2 degrees of freedom; two-sided unless asked otherwise).</param>
/// <param name="Q">Holm–Bonferroni adjusted p-value across all genes kept.</param>
/// <param name="N">Samples in the correlation.</param>
/// <param name="Lambda">Penalty chosen for this gene by the final model fitted on all samples.</param>
/// <param name="Fdr">Benjamini–Hochberg adjusted p-value, for reporting alongside <paramref name="Q"/>.</param>
public sealed record GeneCorrelation(string Gene, double R, double P, double Q, int N, double Lambda, double Fdr);
