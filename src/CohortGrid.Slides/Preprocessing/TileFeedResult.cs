using CohortGrid.Slides.Tiling;

namespace CohortGrid.Slides.Preprocessing;

/// <summary>Outcome of reading and preprocessing a set of tiles.</summary>
/// <param name="Quality">QC result per input tile, in input order.</param>
/// <param name="Elapsed">Wall time for all tiles.</param>
public sealed record TileFeedResult(IReadOnlyList<TileQcResult> Quality, TimeSpan Elapsed)
{
    public int Count => Quality.Count;

    /// <summary>Tiles that passed QC.</summary>
    public int Passed => Quality.Count(q => q.Passed);

    /// <summary>Tiles read and preprocessed per second of wall time.</summary>
    public double TilesPerSecond => Elapsed > TimeSpan.Zero ? Count / Elapsed.TotalSeconds : 0;
}
