namespace CohortGrid.SampleData.Tiff;

/// <summary>How <see cref="TiledTiffWriter"/> lays out and labels a pyramidal TIFF.</summary>
public sealed record TiffWriteOptions
{
    /// <summary>Tile width and height in pixels; TIFF requires a multiple of 16.</summary>
    public int TileSize { get; init; } = 256;

    /// <summary>Microns per level-0 pixel, stored as XResolution/YResolution in pixels per centimetre.</summary>
    public double Mpp { get; init; } = 0.5;

    /// <summary>ImageDescription of level 0 (ASCII). Must not start with a vendor signature such as "Aperio".</summary>
    public string? ImageDescription { get; init; }

    /// <summary>Software tag written on every level.</summary>
    public string Software { get; init; } = "CohortGrid.SampleData";

    /// <summary>
    /// zlib level, 1 (fastest) to 9 (smallest). Level 2 is the knee: level 1 stores noisy glass almost
    /// twice as large, level 6 takes twice as long for under 10% fewer bytes.
    /// </summary>
    public int DeflateLevel { get; init; } = 2;

    /// <summary>Classic TIFF or BigTIFF; Auto picks classic whenever the file fits in 4 GiB.</summary>
    public TiffFormat Format { get; init; } = TiffFormat.Auto;

    /// <summary>Threads that read and compress tiles; null uses every core.</summary>
    public int? MaxDegreeOfParallelism { get; init; }

    public static TiffWriteOptions Default { get; } = new();

    /// <summary>Throws with a clear message when a value is out of range.</summary>
    public void Validate()
    {
        if (TileSize < 16 || TileSize > 4096 || TileSize % 16 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "Tile size must be a multiple of 16 between 16 and 4096 (TIFF requires multiples of 16).");
        }

        if (!(Mpp is > 0 and < 1000) || !double.IsFinite(Mpp))
        {
            throw new ArgumentOutOfRangeException(nameof(Mpp), Mpp, "Mpp must be a positive number of microns per pixel.");
        }

        if (DeflateLevel is < 1 or > 9)
        {
            throw new ArgumentOutOfRangeException(nameof(DeflateLevel), DeflateLevel, "Deflate level must be between 1 and 9.");
        }

        if (MaxDegreeOfParallelism is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDegreeOfParallelism), MaxDegreeOfParallelism, "Parallelism must be positive.");
        }

        ArgumentNullException.ThrowIfNull(Software);
    }
}
