using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tissue;

/// <summary>The result of tissue detection: the mask and the low-resolution image it was computed from.</summary>
/// <param name="Mask">Tissue mask.</param>
/// <param name="Image">The slide at the mask's resolution (used for thumbnails and overlays).</param>
/// <param name="Source">How the low-resolution image was obtained, e.g. "level 2, 2x2 average" or "thumbnail".</param>
public sealed record TissueSegmentation(TissueMask Mask, RgbImage Image, string Source)
{
    /// <summary>No tissue at all: a normal outcome (zero tiles), not an error.</summary>
    public bool IsEmpty => Mask.TissuePixels == 0;
}
