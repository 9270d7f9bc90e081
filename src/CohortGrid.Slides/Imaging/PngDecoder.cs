using System.Buffers.Binary;
using System.IO.Compression;

namespace CohortGrid.Slides.Imaging;

/// <summary>
/// Reads 8-bit RGB (and RGBA, alpha dropped) non-interlaced PNGs, e.g. the thumbnails the cluster writes, so
/// overlays can be drawn on them later without the slide.
/// </summary>
public static class PngDecoder
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <exception cref="InvalidDataException">Not a PNG, or a kind this reader does not handle (it says which).</exception>
    public static RgbImage Read(ReadOnlySpan<byte> png)
    {
        if (png.Length < Signature.Length || !png[..Signature.Length].SequenceEqual(Signature))
        {
            throw new InvalidDataException("Not a PNG file (signature missing).");
        }

        int width = 0, height = 0, channels = 0;
        using var idat = new MemoryStream();
        var offset = Signature.Length;
        while (offset + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png[offset..]);
            var type = System.Text.Encoding.ASCII.GetString(png.Slice(offset + 4, 4));
            if (length < 0 || offset + 12 + length > png.Length)
            {
                throw new InvalidDataException($"PNG chunk '{type}' runs past the end of the file (truncated?).");
            }

            var data = png.Slice(offset + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    if (data[8] != 8 || data[12] != 0 || data[9] is not (2 or 6))
                    {
                        throw new InvalidDataException($"PNG kind not supported: bit depth {data[8]}, colour type {data[9]}, interlace {data[12]} (8-bit RGB or RGBA, not interlaced).");
                    }

                    channels = data[9] == 2 ? 3 : 4;
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
                case "IEND":
                    return Decode(idat, width, height, channels);
            }

            offset += 12 + length;
        }

        throw new InvalidDataException("PNG file ends without IEND (truncated?).");
    }

    private static RgbImage Decode(MemoryStream idat, int width, int height, int channels)
    {
        if (width <= 0 || height <= 0)
        {
            throw new InvalidDataException("PNG without a valid IHDR.");
        }

        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        var stride = width * channels;
        var previous = new byte[stride];
        var current = new byte[stride];
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            var filter = zlib.ReadByte();
            zlib.ReadExactly(current);
            Unfilter(filter, current, previous, channels);
            for (var x = 0; x < width; x++)
            {
                current.AsSpan(x * channels, 3).CopyTo(image.Data.AsSpan(((y * width) + x) * 3, 3));
            }

            (previous, current) = (current, previous);
        }

        return image;
    }

    private static void Unfilter(int filter, Span<byte> row, ReadOnlySpan<byte> above, int bpp)
    {
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0;
            int up = above[i];
            int upLeft = i >= bpp ? above[i - bpp] : 0;
            row[i] = filter switch
            {
                0 => row[i],
                1 => (byte)(row[i] + left),
                2 => (byte)(row[i] + up),
                3 => (byte)(row[i] + ((left + up) / 2)),
                4 => (byte)(row[i] + Paeth(left, up, upLeft)),
                _ => throw new InvalidDataException($"PNG row filter {filter} is not defined."),
            };
        }
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        var pa = Math.Abs(p - a);
        var pb = Math.Abs(p - b);
        var pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
