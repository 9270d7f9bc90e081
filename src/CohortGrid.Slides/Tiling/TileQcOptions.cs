namespace CohortGrid.Slides.Tiling;

/// <summary>
/// Tile quality checks, measured on the tile at the target resolution so thresholds mean the same on
/// every scanner. Defaults follow common practice (HistoQC-like brightness/saturation cut-offs).
/// </summary>
public sealed record TileQcOptions
{
    /// <summary>A pixel is "white" when its darkest channel is at least this bright.</summary>
    public int WhiteLevel { get; init; } = 220;

    /// <summary>Drop the tile when more than this share of pixels is white.</summary>
    public double MaxWhiteFraction { get; init; } = 0.8;

    /// <summary>A pixel is "grey" when its HSV saturation (0-255) is below this.</summary>
    public int GraySaturation { get; init; } = 18;

    /// <summary>Drop the tile when more than this share of pixels is grey.</summary>
    public double MaxGrayFraction { get; init; } = 0.9;

    /// <summary>Drop the tile when the variance of its grayscale Laplacian is below this (out of focus).</summary>
    public double MinLaplacianVariance { get; init; } = 15;

    /// <summary>When false, QC is skipped and every tissue tile is kept.</summary>
    public bool Enabled { get; init; } = true;

    public static TileQcOptions Default { get; } = new();
}
