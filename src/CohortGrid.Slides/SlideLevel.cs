namespace CohortGrid.Slides;

/// <summary>One pyramid level: its size in its own pixels and its downsample relative to level 0.</summary>
public sealed record SlideLevel(int Index, long Width, long Height, double Downsample);
