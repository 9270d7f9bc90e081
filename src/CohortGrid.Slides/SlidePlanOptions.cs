using CohortGrid.Slides.Tiling;
using CohortGrid.Slides.Tissue;

namespace CohortGrid.Slides;

/// <summary>Everything that decides which tiles a slide yields.</summary>
public sealed record SlidePlanOptions
{
    public TissueSegmentationOptions Tissue { get; init; } = TissueSegmentationOptions.Default;

    public TileGridOptions Grid { get; init; } = TileGridOptions.Default;

    public static SlidePlanOptions Default { get; } = new();
}
