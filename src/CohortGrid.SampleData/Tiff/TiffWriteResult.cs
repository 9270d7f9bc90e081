namespace CohortGrid.SampleData.Tiff;

/// <summary>What <see cref="TiledTiffWriter.Write"/> produced.</summary>
/// <param name="Path">Full path of the finished file.</param>
/// <param name="Bytes">Size of the file.</param>
/// <param name="BigTiff">True when the file is BigTIFF rather than classic TIFF.</param>
/// <param name="LevelCount">Pyramid levels (TIFF directories).</param>
/// <param name="TileCount">Tiles across all levels.</param>
/// <param name="StoredTileCount">Distinct tiles actually stored; the rest share their bytes.</param>
/// <param name="Elapsed">Wall-clock time of the write.</param>
public sealed record TiffWriteResult(string Path, long Bytes, bool BigTiff, int LevelCount, long TileCount, long StoredTileCount, TimeSpan Elapsed);
