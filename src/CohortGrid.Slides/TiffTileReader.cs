using System.Collections.Concurrent;
using CohortGrid.Slides.Diagnostics;
using CohortGrid.Slides.Native;

namespace CohortGrid.Slides;

/// <summary>
/// Reads regions of plain tiled-TIFF pyramids (Aperio SVS with JPEG/LZW/deflate tiles, generic tiled
/// TIFF) by decoding tiles with libtiff and copying rows, instead of through openslide_read_region.
/// OpenSlide 3.4.1 composites every tile with cairo's SATURATE operator, which on current pixman
/// costs ~25 ns per pixel (openslide/openslide#440, #552, #719): about 1.2 ms for one 224-px tile,
/// enough to starve an encoder. Pixels are the same (both decode with libjpeg-turbo; tests compare
/// them). Anything else (JPEG 2000 Aperio, NDPI, MRXS, fractional level offsets) stays with OpenSlide.
/// </summary>
internal sealed unsafe class TiffTileReader : IDisposable
{
    /// <summary>Decoded-tile cache per open slide: a few hundred 256-px tiles.</summary>
    public const long DefaultCacheBytes = 96L * 1024 * 1024;

    private const int JpegCompression = 7;
    private const int PhotometricRgb = 2;
    private const int PhotometricYCbCr = 6;

    private static readonly string[] Vendors = ["aperio", "generic-tiff"];

    private readonly string _path;
    private readonly TiffDirectory[] _levels;
    private readonly ConcurrentBag<nint>[] _handles;
    private readonly DecodedTileCache _cache;
    private int _disposed;

    static TiffTileReader()
    {
        // libtiff prints warnings about private vendor tags to stderr; OpenSlide silences them too.
        // Errors are captured so the exception can carry libtiff's own words.
        LibTiffNative.SetWarningHandler(0);
        LibTiffNative.CaptureErrors();
    }

    private TiffTileReader(string path, TiffDirectory[] levels, long cacheBytes)
    {
        _path = path;
        _levels = levels;
        _handles = [.. levels.Select(_ => new ConcurrentBag<nint>())];
        _cache = new DecodedTileCache(cacheBytes);
    }

    /// <summary>
    /// A reader when every pyramid level is a tiled, 8-bit, 3-sample TIFF directory that libtiff can
    /// decode; otherwise null (OpenSlide then does all reads).
    /// </summary>
    public static TiffTileReader? TryCreate(string path, string vendor, IReadOnlyList<SlideLevel> levels, long cacheBytes = DefaultCacheBytes)
    {
        if (!Vendors.Contains(vendor))
        {
            return null;
        }

        TiffProbe probe;
        try
        {
            using var stream = File.OpenRead(path);
            Span<byte> head = stackalloc byte[4];
            if (stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) < 4 || !TiffProbe.HasTiffHeader(head))
            {
                return null;
            }

            probe = TiffProbe.Read(stream);
        }
        catch (IOException)
        {
            return null;
        }

        var matched = new TiffDirectory[levels.Count];
        for (var i = 0; i < levels.Count; i++)
        {
            var directory = probe.Directories.FirstOrDefault(d => d.Tiled && d.Width == levels[i].Width && d.Height == levels[i].Height);
            if (directory is null || !IsDecodable(directory))
            {
                return null;
            }

            matched[i] = directory;
        }

        return new TiffTileReader(path, matched, cacheBytes);
    }

    /// <summary>
    /// Reads a region given in pixels of <paramref name="level"/> into premultiplied ARGB, the layout
    /// OpenSlide produces; pixels outside the level are transparent (0), as with OpenSlide.
    /// </summary>
    public void ReadRegion(int level, long x, long y, int width, int height, Span<uint> destination)
    {
        var directory = _levels[level];
        long right = x + width, bottom = y + height;
        if (x < 0 || y < 0 || right > directory.Width || bottom > directory.Height)
        {
            destination[..(width * height)].Clear();
        }

        var tileWidth = directory.TileWidth;
        var tileHeight = directory.TileHeight;
        var across = (int)((directory.Width + tileWidth - 1) / tileWidth);
        var x0 = Math.Max(0, x);
        var y0 = Math.Max(0, y);
        var x1 = Math.Min(directory.Width, right);
        var y1 = Math.Min(directory.Height, bottom);
        for (var row = y0 / tileHeight; row * tileHeight < y1; row++)
        {
            for (var column = x0 / tileWidth; column * tileWidth < x1; column++)
            {
                var tileIndex = (int)((row * across) + column);
                var pixels = GetTile(level, tileIndex);
                long tileLeft = column * tileWidth, tileTop = row * tileHeight;
                var copyLeft = Math.Max(x0, tileLeft);
                var copyRight = Math.Min(x1, tileLeft + tileWidth);
                var copyTop = Math.Max(y0, tileTop);
                var copyBottom = Math.Min(y1, tileTop + tileHeight);
                var span = (int)(copyRight - copyLeft);
                for (var line = copyTop; line < copyBottom; line++)
                {
                    pixels.AsSpan((int)(((line - tileTop) * tileWidth) + (copyLeft - tileLeft)), span)
                        .CopyTo(destination[(int)(((line - y) * width) + (copyLeft - x))..]);
                }
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        foreach (var bag in _handles)
        {
            while (bag.TryTake(out var handle))
            {
                LibTiffNative.Close(handle);
            }
        }
    }

    private static bool IsDecodable(TiffDirectory d) =>
        d.SamplesPerPixel == 3 && d.BitsPerSample == 8 && d.PlanarConfiguration == 1 &&
        (d.Photometric == PhotometricRgb || (d.Photometric == PhotometricYCbCr && d.Compression == JpegCompression)) &&
        d.Compression <= ushort.MaxValue && LibTiffNative.IsCodecConfigured((ushort)d.Compression) != 0;

    private uint[] GetTile(int level, int tileIndex)
    {
        var directory = _levels[level];
        return _cache.GetOrDecode(level, tileIndex, directory.TileWidth * directory.TileHeight, () => Decode(level, tileIndex));
    }

    private uint[] Decode(int level, int tileIndex)
    {
        var directory = _levels[level];
        var pixels = directory.TileWidth * directory.TileHeight;
        var rgb = System.Buffers.ArrayPool<byte>.Shared.Rent(pixels * 3);
        var handle = Rent(level);
        try
        {
            nint read;
            LibTiffNative.TakeLastError();
            fixed (byte* buffer = rgb)
            {
                read = LibTiffNative.ReadEncodedTile(handle, (uint)tileIndex, buffer, pixels * 3);
            }

            if (read < pixels * 3)
            {
                throw new SlideReadException(_path, $"{LibTiffNative.TakeLastError() ?? "libtiff could not decode the tile"} (tile {tileIndex} of level {level}, TIFF directory {directory.Index}, compression {directory.Compression}).");
            }

            var argb = new uint[pixels];
            for (int i = 0, j = 0; i < pixels; i++, j += 3)
            {
                argb[i] = 0xFF000000u | ((uint)rgb[j] << 16) | ((uint)rgb[j + 1] << 8) | rgb[j + 2];
            }

            return argb;
        }
        finally
        {
            if (Volatile.Read(ref _disposed) == 1)
            {
                LibTiffNative.Close(handle);
            }
            else
            {
                _handles[level].Add(handle);
            }

            System.Buffers.ArrayPool<byte>.Shared.Return(rgb);
        }
    }

    private nint Rent(int level)
    {
        if (_handles[level].TryTake(out var handle))
        {
            return handle;
        }

        var directory = _levels[level];
        handle = LibTiffNative.Open(_path, "r");
        if (handle == 0 || LibTiffNative.SetDirectory(handle, (uint)directory.Index) == 0)
        {
            if (handle != 0)
            {
                LibTiffNative.Close(handle);
            }

            throw new SlideReadException(_path, $"libtiff could not open TIFF directory {directory.Index}.");
        }

        if (directory.Compression == JpegCompression && directory.Photometric == PhotometricYCbCr)
        {
            LibTiffNative.SetField(handle, LibTiffNative.JpegColorModeTag, LibTiffNative.JpegColorModeRgb);
        }

        return handle;
    }
}
