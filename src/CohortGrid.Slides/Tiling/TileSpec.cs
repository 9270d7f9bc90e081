namespace CohortGrid.Slides.Tiling;

/// <summary>One grid position. <see cref="X"/>/<see cref="Y"/> are level-0 pixels of the tile's top-left corner.</summary>
/// <param name="Index">Position in the grid's candidate list (row-major), stable for a given grid.</param>
/// <param name="Column">Grid column.</param>
/// <param name="Row">Grid row.</param>
/// <param name="X">Level-0 x of the top-left corner.</param>
/// <param name="Y">Level-0 y of the top-left corner.</param>
/// <param name="TissueFraction">Share of the tile's area covered by the tissue mask.</param>
/// <param name="Drop">Why the tile is left out by the grid (tissue); QC reasons are added when pixels are read.</param>
public readonly record struct TileSpec(int Index, int Column, int Row, long X, long Y, float TissueFraction, TileDropReason Drop);
