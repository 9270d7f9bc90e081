namespace CohortGrid.SampleData.Tiff;

/// <summary>Which TIFF container <see cref="TiledTiffWriter"/> writes.</summary>
public enum TiffFormat
{
    /// <summary>Classic TIFF, or BigTIFF only when the file would exceed 4 GiB (classic offsets are 32-bit).</summary>
    Auto,

    /// <summary>Classic TIFF; writing fails when the file would exceed 4 GiB.</summary>
    Classic,

    /// <summary>BigTIFF (64-bit offsets) whatever the size.</summary>
    BigTiff,
}
