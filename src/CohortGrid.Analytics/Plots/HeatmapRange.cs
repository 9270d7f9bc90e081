namespace CohortGrid.Analytics.Plots;

/// <summary>The values mapped to the two ends of a heatmap's colormap; values beyond are clamped to the end colours.</summary>
/// <param name="Min">Value at colormap position 0.</param>
/// <param name="Max">Value at colormap position 1.</param>
public readonly record struct HeatmapRange(double Min, double Max)
{
    /// <summary>Position of <paramref name="value"/> in 0..1 (clamped); 0.5 when the range is a single value.</summary>
    public double Normalize(double value) => Max > Min ? Math.Clamp((value - Min) / (Max - Min), 0, 1) : 0.5;
}
