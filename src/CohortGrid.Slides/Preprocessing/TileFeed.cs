using System.Diagnostics;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Slides.Preprocessing;

/// <summary>
/// Reads and preprocesses many tiles of one slide on several threads. Each worker owns one tensor
/// buffer and hands every finished tile to <c>onTile</c>; nothing grows with the number of tiles
/// except the per-tile QC records.
/// </summary>
public static class TileFeed
{
    /// <summary>Delegate receiving one preprocessed tile (CHW floats) on the worker thread that made it.</summary>
    public delegate void TileHandler(int index, in TileSpec tile, ReadOnlySpan<float> tensor, in TileQcResult quality);

    public static TileFeedResult Run(TilePreprocessor preprocessor, IReadOnlyList<TileSpec> tiles, int workers = 0, TileHandler? onTile = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentNullException.ThrowIfNull(tiles);
        var quality = new TileQcResult[tiles.Count];
        var started = Stopwatch.GetTimestamp();
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = workers > 0 ? workers : Environment.ProcessorCount,
            CancellationToken = cancellationToken,
        };
        Parallel.For(
            0,
            tiles.Count,
            options,
            () => new float[preprocessor.TensorLength],
            (i, _, tensor) =>
            {
                var tile = tiles[i];
                quality[i] = preprocessor.Process(tile, tensor);
                onTile?.Invoke(i, tile, tensor, quality[i]);
                return tensor;
            },
            _ => { });
        return new TileFeedResult(quality, Stopwatch.GetElapsedTime(started));
    }
}
