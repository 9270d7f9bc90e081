namespace CohortGrid.Slides.Diagnostics;

/// <summary>What <see cref="TiffProbe"/> learned about one TIFF image file directory.</summary>
internal sealed record TiffDirectory(long Offset, long Width, long Height, bool Tiled, int Compression, long DataEnd);
