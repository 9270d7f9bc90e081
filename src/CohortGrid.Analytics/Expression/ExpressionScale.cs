namespace CohortGrid.Analytics.Expression;

/// <summary>How measured expression values are given, and so how they become regression targets.</summary>
public enum ExpressionScale
{
    /// <summary>Transcripts per million; the target is log2(1 + TPM), which tames the heavy right tail.</summary>
    Log2Tpm1,

    /// <summary>Already on a log scale (any base, any offset): used as given, negative values allowed.</summary>
    Log,
}
