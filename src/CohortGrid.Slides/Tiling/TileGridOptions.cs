namespace CohortGrid.Slides.Tiling;

/// <summary>How a slide is cut into tiles: a fixed physical resolution and tile size, as encoders expect.</summary>
public sealed record TileGridOptions
{
    /// <summary>Microns per pixel of the tiles handed to the encoder.</summary>
    public double TargetMpp { get; init; } = 0.5;

    /// <summary>Tile side in pixels at <see cref="TargetMpp"/>.</summary>
    public int TileSize { get; init; } = 224;

    /// <summary>Tiles whose tissue fraction is below this are dropped (reason LowTissue).</summary>
    public double MinTissueFraction { get; init; } = 0.25;

    /// <summary>
    /// A pyramid level counts as "at the target" when it is at most this much coarser (relative), so a
    /// 0.5012 µm/px level serves a 0.5 µm/px target instead of forcing a read twice as large.
    /// </summary>
    public double LevelTolerance { get; init; } = 0.02;

    public static TileGridOptions Default { get; } = new();

    /// <summary>Throws with a clear message when a value is out of range.</summary>
    public void Validate()
    {
        if (!(TargetMpp is > 0.01 and < 100))
        {
            throw new ArgumentOutOfRangeException(nameof(TargetMpp), TargetMpp, "Target mpp must be between 0.01 and 100 µm/px.");
        }

        if (TileSize is < 8 or > 8192)
        {
            throw new ArgumentOutOfRangeException(nameof(TileSize), TileSize, "Tile size must be between 8 and 8192 pixels.");
        }

        if (!(MinTissueFraction is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinTissueFraction), MinTissueFraction, "Minimum tissue fraction must be between 0 and 1.");
        }
    }
}
