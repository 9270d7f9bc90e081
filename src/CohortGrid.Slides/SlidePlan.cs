using System.Diagnostics;
using CohortGrid.Slides.Tiling;
using CohortGrid.Slides.Tissue;

namespace CohortGrid.Slides;

/// <summary>
/// What will be tiled on one slide: metadata, tissue and the tile grid. Computing it reads only the
/// low-resolution view, so it is cheap next to reading the tiles themselves.
/// </summary>
/// <param name="Metadata">Slide metadata with the resolved mpp.</param>
/// <param name="Tissue">Tissue mask and its low-resolution image.</param>
/// <param name="Grid">The tile grid at the target mpp.</param>
/// <param name="Elapsed">Time spent on segmentation and grid.</param>
public sealed record SlidePlan(SlideMetadata Metadata, TissueSegmentation Tissue, TileGrid Grid, TimeSpan Elapsed)
{
    /// <summary>Plans an open slide. Throws <see cref="SlideMppUnavailableException"/> when no mpp resolves.</summary>
    public static SlidePlan Create(SlideImage slide, double? mppOverride = null, SlidePlanOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(slide);
        options ??= SlidePlanOptions.Default;
        var started = Stopwatch.GetTimestamp();
        var metadata = SlideMetadata.Read(slide, mppOverride);
        if (!metadata.HasMpp)
        {
            throw new SlideMppUnavailableException(slide.Path);
        }

        var tissue = TissueSegmenter.Segment(slide, metadata, options.Tissue);
        var grid = TileGridBuilder.Build(metadata, tissue.Mask, options.Grid);
        return new SlidePlan(metadata, tissue, grid, Stopwatch.GetElapsedTime(started));
    }
}
