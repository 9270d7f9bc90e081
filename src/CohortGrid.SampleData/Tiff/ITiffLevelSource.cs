namespace CohortGrid.SampleData.Tiff;

/// <summary>
/// One pyramid level as <see cref="TiledTiffWriter"/> sees it. Pixels are pulled one tile at a time,
/// so a level never has to fit in memory. The writer encodes tiles in parallel: implementations must
/// allow concurrent calls.
/// </summary>
public interface ITiffLevelSource
{
    /// <summary>Width of the level in pixels.</summary>
    int Width { get; }

    /// <summary>Height of the level in pixels.</summary>
    int Height { get; }

    /// <summary>
    /// Writes the region's pixels to <paramref name="rgb"/> as interleaved R, G, B, rows packed
    /// (<paramref name="width"/> * 3 bytes per row). The region always lies inside the level.
    /// </summary>
    void ReadTile(int x, int y, int width, int height, Span<byte> rgb);

    /// <summary>
    /// True when every pixel of the region has one colour. Lets the writer skip reading and
    /// compressing the tile, which is what keeps a huge, mostly blank slide cheap to write.
    /// </summary>
    bool TryGetUniformColor(int x, int y, int width, int height, out RgbColor color)
    {
        color = default;
        return false;
    }
}
