namespace CohortGrid.SampleData.Tiff;

/// <summary>One compressed tile and the digest that identifies duplicates of it.</summary>
internal readonly record struct EncodedTile(byte[] Data, UInt128 Digest);
