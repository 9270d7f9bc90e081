namespace CohortGrid.Slides.Tiling;

/// <summary>QC measurements of one tile and the verdict.</summary>
/// <param name="WhiteFraction">Share of near-white pixels.</param>
/// <param name="GrayFraction">Share of unsaturated pixels.</param>
/// <param name="LaplacianVariance">Variance of the grayscale 4-neighbour Laplacian (focus).</param>
/// <param name="Drop">Failed checks; None when the tile passes.</param>
public readonly record struct TileQcResult(float WhiteFraction, float GrayFraction, float LaplacianVariance, TileDropReason Drop)
{
    public bool Passed => Drop == TileDropReason.None;
}
