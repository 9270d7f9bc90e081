namespace CohortGrid.Slides.Tiling;

/// <summary>
/// A slide's tile grid at a target resolution: which pyramid level to read, how large a region to
/// read there, and every grid position with its tissue fraction.
/// </summary>
public sealed class TileGrid
{
    public TileGrid(TileGridOptions options, int level, double levelDownsample, int readWidth, int readHeight, double footprintX, double footprintY, int columns, int rows, IReadOnlyList<TileSpec> candidates)
    {
        Options = options;
        Level = level;
        LevelDownsample = levelDownsample;
        ReadWidth = readWidth;
        ReadHeight = readHeight;
        FootprintX = footprintX;
        FootprintY = footprintY;
        Columns = columns;
        Rows = rows;
        Candidates = candidates;
        Tiles = [.. candidates.Where(t => t.Drop == TileDropReason.None)];
    }

    public TileGridOptions Options { get; }

    /// <summary>Pyramid level the tiles are read from (at or finer than the target mpp).</summary>
    public int Level { get; }

    public double LevelDownsample { get; }

    /// <summary>Region width read at <see cref="Level"/>, before resizing to the tile size.</summary>
    public int ReadWidth { get; }

    /// <summary>Region height read at <see cref="Level"/>, before resizing to the tile size.</summary>
    public int ReadHeight { get; }

    /// <summary>Tile width in level-0 pixels (grid stride; tiles do not overlap).</summary>
    public double FootprintX { get; }

    /// <summary>Tile height in level-0 pixels.</summary>
    public double FootprintY { get; }

    public int Columns { get; }

    public int Rows { get; }

    /// <summary>Every full tile position on the slide, row-major.</summary>
    public IReadOnlyList<TileSpec> Candidates { get; }

    /// <summary>Positions kept after the tissue filter, in row-major order.</summary>
    public IReadOnlyList<TileSpec> Tiles { get; }

    /// <summary>True when tiles are read at exactly the tile size (no resampling needed).</summary>
    public bool IsNativeSize => ReadWidth == Options.TileSize && ReadHeight == Options.TileSize;
}
