namespace CohortGrid.Slides.Diagnostics;

/// <summary>What <see cref="TiffProbe"/> learned about one TIFF image file directory.</summary>
/// <param name="Index">Position in the directory chain (what libtiff's TIFFSetDirectory takes).</param>
/// <param name="Offset">Byte offset of the directory.</param>
/// <param name="Width">Image width in pixels.</param>
/// <param name="Height">Image height in pixels.</param>
/// <param name="TileWidth">Tile width, 0 for a strip layout.</param>
/// <param name="TileHeight">Tile height, 0 for a strip layout.</param>
/// <param name="Compression">TIFF compression code (1 none, 5 LZW, 7 JPEG, 8 deflate, 33003/33005 Aperio JPEG 2000, ...).</param>
/// <param name="Photometric">Photometric interpretation (2 RGB, 6 YCbCr, ...).</param>
/// <param name="SamplesPerPixel">Samples per pixel.</param>
/// <param name="BitsPerSample">Bits of the first sample.</param>
/// <param name="PlanarConfiguration">1 interleaved, 2 separate planes.</param>
/// <param name="DataEnd">End of the furthest tile or strip, when computed (0 otherwise).</param>
internal sealed record TiffDirectory(
    int Index,
    long Offset,
    long Width,
    long Height,
    int TileWidth,
    int TileHeight,
    int Compression,
    int Photometric,
    int SamplesPerPixel,
    int BitsPerSample,
    int PlanarConfiguration,
    long DataEnd)
{
    public bool Tiled => TileWidth > 0 && TileHeight > 0;
}
