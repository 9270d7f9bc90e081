using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Security.Cryptography;

namespace CohortGrid.SampleData.Tiff;

/// <summary>Turns a tile's RGB pixels into TIFF Adobe Deflate data with horizontal differencing (Predictor 2).</summary>
internal static class TileEncoder
{
    public static EncodedTile Encode(ReadOnlySpan<byte> rgb, Span<byte> scratch, int tileSize, int deflateLevel)
    {
        var row = tileSize * 3;
        for (var y = 0; y < tileSize; y++)
        {
            Difference(rgb.Slice(y * row, row), scratch.Slice(y * row, row));
        }

        using var buffer = new MemoryStream();
        using (var zlib = new ZLibStream(buffer, new ZLibCompressionOptions { CompressionLevel = deflateLevel }, leaveOpen: true))
        {
            zlib.Write(scratch[..(row * tileSize)]);
        }

        var data = buffer.ToArray();
        // SHA-256 rather than a fast hash: a collision would silently put one tile's pixels in another's place.
        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(data, digest);
        return new EncodedTile(data, BinaryPrimitives.ReadUInt128LittleEndian(digest));
    }

    /// <summary>Each sample minus the same channel of the pixel to its left; smooth images become runs of small numbers.</summary>
    private static void Difference(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        source[..3].CopyTo(destination);
        var i = 3;
        if (Vector.IsHardwareAccelerated)
        {
            for (; i <= source.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (new Vector<byte>(source[i..]) - new Vector<byte>(source[(i - 3)..])).CopyTo(destination[i..]);
            }
        }

        for (; i < source.Length; i++)
        {
            destination[i] = (byte)(source[i] - source[i - 3]);
        }
    }
}
