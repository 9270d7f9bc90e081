namespace CohortGrid.Analytics.Expression;

/// <summary>Turns a measured value into a regression target according to its <see cref="ExpressionScale"/>.</summary>
public static class ExpressionTransform
{
    /// <summary>log2(1 + x) for <see cref="ExpressionScale.Log2Tpm1"/>, x itself for <see cref="ExpressionScale.Log"/>.</summary>
    /// <exception cref="AnalyticsException">The value is not finite, or is a negative TPM.</exception>
    public static double Apply(double value, ExpressionScale scale)
    {
        if (!double.IsFinite(value))
        {
            throw new AnalyticsException($"expression value {value} is not a finite number");
        }

        return scale switch
        {
            ExpressionScale.Log2Tpm1 when value < 0 => throw new AnalyticsException($"TPM {value} is negative"),
            ExpressionScale.Log2Tpm1 => Math.Log2(1 + value),
            ExpressionScale.Log => value,
            _ => throw new ArgumentOutOfRangeException(nameof(scale), scale, "unknown expression scale"),
        };
    }
}
