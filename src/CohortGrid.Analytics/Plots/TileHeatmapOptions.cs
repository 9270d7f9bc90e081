namespace CohortGrid.Analytics.Plots;

/// <summary>How a <see cref="TileHeatmap"/> colours tiles and where it puts its colour bar.</summary>
public sealed record TileHeatmapOptions
{
    public static TileHeatmapOptions Default { get; } = new();

    public ColormapKind Colormap { get; init; } = ColormapKind.Viridis;

    /// <summary>Opacity of the tile colour over the thumbnail, 0..1.</summary>
    public double Opacity { get; init; } = 0.6;

    /// <summary>
    /// Percentile of the finite values mapped to the colormap's low end; robust ranges keep a few extreme tiles
    /// from washing out the rest.
    /// </summary>
    public double LowerPercentile { get; init; } = 2;

    /// <summary>Percentile mapped to the colormap's high end.</summary>
    public double UpperPercentile { get; init; } = 98;

    /// <summary>Fixed low end (overrides the percentile), e.g. to compare slides on one scale.</summary>
    public double? Min { get; init; }

    /// <summary>Fixed high end (overrides the percentile).</summary>
    public double? Max { get; init; }

    /// <summary>
    /// Make the range [−m, m] with m the larger magnitude of its ends, so 0 sits at the colormap's centre.
    /// Null means: only for diverging colormaps.
    /// </summary>
    public bool? SymmetricAroundZero { get; init; }

    public bool ShowColorBar { get; init; } = true;

    public PlotCorner ColorBarCorner { get; init; } = PlotCorner.BottomRight;

    /// <summary>A caption over the colour bar, e.g. "risk"; none when null.</summary>
    public string? Label { get; init; }
}
