namespace CohortGrid.Analytics.Expression;

/// <summary>How each gene's ridge penalty is chosen from the λ grid.</summary>
public enum PenaltySelection
{
    /// <summary>Generalised cross-validation: closed form from the singular values, one pass for all genes.</summary>
    Gcv,

    /// <summary>
    /// Inner k-fold cross-validation (squared error on held-out samples): one decomposition per inner fold, slower,
    /// but makes no use of the hat-matrix approximation.
    /// </summary>
    InnerCv,
}
