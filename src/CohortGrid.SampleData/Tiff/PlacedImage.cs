using CohortGrid.Slides.Imaging;

namespace CohortGrid.SampleData.Tiff;

/// <summary>An in-memory image placed at (<paramref name="X"/>, <paramref name="Y"/>) on a larger level.</summary>
public sealed record PlacedImage(int X, int Y, RgbImage Image);
