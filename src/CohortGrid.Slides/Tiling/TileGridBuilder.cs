using CohortGrid.Slides.Tissue;

namespace CohortGrid.Slides.Tiling;

/// <summary>Lays a non-overlapping grid of full tiles at the target mpp over a slide and scores each against the tissue mask.</summary>
public static class TileGridBuilder
{
    public static TileGrid Build(SlideMetadata metadata, TissueMask mask, TileGridOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(mask);
        options ??= TileGridOptions.Default;
        options.Validate();
        var mppX = metadata.MppX ?? throw new SlideMppUnavailableException(metadata.Path);
        var mppY = metadata.MppY ?? mppX;

        var level = ChooseLevel(metadata, options);
        var downsample = metadata.Levels[level].Downsample;
        var footprintX = options.TileSize * options.TargetMpp / mppX;
        var footprintY = options.TileSize * options.TargetMpp / mppY;
        var readWidth = Math.Max(1, (int)Math.Round(footprintX / downsample));
        var readHeight = Math.Max(1, (int)Math.Round(footprintY / downsample));
        var columns = (int)Math.Min(int.MaxValue, Math.Floor(metadata.Width / footprintX));
        var rows = (int)Math.Min(int.MaxValue, Math.Floor(metadata.Height / footprintY));
        if ((long)columns * rows > int.MaxValue)
        {
            throw new SlideTooLargeException(metadata.Path, $"a grid of {columns}x{rows} tiles has more positions than can be indexed.");
        }

        var candidates = new TileSpec[columns * rows];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var x = (long)Math.Round(c * footprintX);
                var y = (long)Math.Round(r * footprintY);
                var fraction = (float)mask.FractionInRect(x, y, footprintX, footprintY);
                var drop = fraction >= options.MinTissueFraction && fraction > 0 ? TileDropReason.None : TileDropReason.LowTissue;
                var index = (r * columns) + c;
                candidates[index] = new TileSpec(index, c, r, x, y, fraction, drop);
            }
        }

        return new TileGrid(options, level, downsample, readWidth, readHeight, footprintX, footprintY, columns, rows, candidates);
    }

    /// <summary>The coarsest level whose resolution is at or finer than the target (within the tolerance).</summary>
    public static int ChooseLevel(SlideMetadata metadata, TileGridOptions options)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(options);
        var mpp0 = Math.Max(metadata.MppX ?? throw new SlideMppUnavailableException(metadata.Path), metadata.MppY ?? 0);
        var best = 0;
        foreach (var level in metadata.Levels)
        {
            if (mpp0 * level.Downsample <= options.TargetMpp * (1 + options.LevelTolerance) && level.Downsample > metadata.Levels[best].Downsample)
            {
                best = level.Index;
            }
        }

        return best;
    }
}
