namespace CohortGrid.Analytics.Plots;

/// <summary>The top-left corner of a tile in level-0 pixels (as <c>TileSpec.X</c>, <c>TileSpec.Y</c>).</summary>
/// <param name="X">Level-0 x.</param>
/// <param name="Y">Level-0 y.</param>
public readonly record struct TileOrigin(long X, long Y);
