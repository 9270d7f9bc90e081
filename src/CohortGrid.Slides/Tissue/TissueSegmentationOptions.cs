namespace CohortGrid.Slides.Tissue;

/// <summary>
/// Parameters of tissue detection. Sizes are physical (µm, µm²) so a setting means the same thing
/// on a 0.25 µm/px 40x scan and a 0.5 µm/px 20x scan.
/// </summary>
public sealed record TissueSegmentationOptions
{
    /// <summary>Downsample of the mask relative to level 0 for large slides.</summary>
    public double TargetDownsample { get; init; } = 64;

    /// <summary>Small slides get a finer mask so that it has at least this many pixels on its long side.</summary>
    public int MinMaskLongSide { get; init; } = 512;

    /// <summary>Median filter window in mask pixels (odd); removes salt noise and thin debris before thresholding.</summary>
    public int MedianKernel { get; init; } = 7;

    /// <summary>A fixed saturation threshold (0-255); null selects Otsu's threshold per slide.</summary>
    public int? FixedThreshold { get; init; }

    /// <summary>
    /// Lowest threshold Otsu may choose. On a blank slide the saturation histogram is all noise and Otsu
    /// would split the noise; this floor makes "no tissue" the answer instead.
    /// </summary>
    public int MinThreshold { get; init; } = 20;

    /// <summary>
    /// Pixels whose brightest channel is below this (0-255) count as background whatever their hue:
    /// saturation is meaningless near black (a (0, 0, 3) pixel is "fully saturated"), which matters on
    /// dark fluorescence backgrounds and black scanner borders.
    /// </summary>
    public int MinBrightness { get; init; } = 30;

    /// <summary>Radius of the closing (dilate then erode) that joins tissue fragments, in µm.</summary>
    public double ClosingRadiusUm { get; init; } = 40;

    /// <summary>Tissue components smaller than this are dropped as debris, in µm².</summary>
    public double MinTissueAreaUm2 { get; init; } = 20_000;

    /// <summary>Holes inside tissue smaller than this are filled, in µm².</summary>
    public double MaxHoleAreaUm2 { get; init; } = 10_000;

    /// <summary>A single-level slide larger than this (in pixels) is segmented from its thumbnail when it has one.</summary>
    public long MaxPixelsToScan { get; init; } = 512L * 1024 * 1024;

    public static TissueSegmentationOptions Default { get; } = new();
}
