namespace CohortGrid.Slides.Imaging;

/// <summary>Resampling filters; all are antialiased when shrinking (support widened by the scale).</summary>
public enum ResampleFilter
{
    /// <summary>Area average (box). Best for masks and thumbnails.</summary>
    Area,

    /// <summary>Triangle filter: torchvision/PIL "bilinear" with antialias.</summary>
    Bilinear,

    /// <summary>Keys cubic, a = -0.5: PIL/timm "bicubic" with antialias. Default for encoder inputs.</summary>
    Bicubic,

    /// <summary>Lanczos, 3 lobes.</summary>
    Lanczos3,
}
