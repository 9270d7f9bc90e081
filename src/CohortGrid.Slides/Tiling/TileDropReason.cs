namespace CohortGrid.Slides.Tiling;

/// <summary>Why a tile was left out; a tile can fail several checks at once.</summary>
[Flags]
public enum TileDropReason
{
    /// <summary>Kept.</summary>
    None = 0,

    /// <summary>Tissue covers less of the tile than the grid's minimum tissue fraction.</summary>
    LowTissue = 1,

    /// <summary>Too many bright (near-white) pixels: glass, not tissue.</summary>
    Whitespace = 2,

    /// <summary>Too many unsaturated pixels: grey glass, pen-free background, out-of-stain areas.</summary>
    Grayspace = 4,

    /// <summary>Laplacian variance below the threshold: out of focus.</summary>
    Blur = 8,
}
