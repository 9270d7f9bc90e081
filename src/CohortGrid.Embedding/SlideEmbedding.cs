using CohortGrid.Slides;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Embedding;

/// <summary>Tile embeddings of one slide, in tile order, with their level-0 coordinates and the slide vector.</summary>
/// <param name="Plan">What was tiled.</param>
/// <param name="Tiles">The tiles embedded (tissue and QC passed), row-major grid order.</param>
/// <param name="Features">Row-major [Tiles.Count, Dimension] embeddings.</param>
/// <param name="Dimension">Embedding size.</param>
/// <param name="SlideVector">Mean of the tile embeddings (zeros when there are no tiles).</param>
/// <param name="QcDropped">Tissue tiles left out by QC.</param>
/// <param name="Elapsed">Wall time from the first tile read to the last embedding.</param>
public sealed record SlideEmbedding(
    SlidePlan Plan,
    IReadOnlyList<TileSpec> Tiles,
    float[] Features,
    int Dimension,
    float[] SlideVector,
    int QcDropped,
    TimeSpan Elapsed)
{
    /// <summary>Tiles read, preprocessed and embedded per second (QC-dropped tiles count as read).</summary>
    public double TilesPerSecond => Elapsed > TimeSpan.Zero ? (Tiles.Count + QcDropped) / Elapsed.TotalSeconds : 0;

    /// <summary>Level-0 (x, y) of each embedded tile.</summary>
    public long[] Coordinates => [.. Tiles.SelectMany(t => new[] { t.X, t.Y })];
}
