using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace CohortGrid.SampleData.Tiff;

/// <summary>
/// Writes pyramidal tiled TIFFs that OpenSlide opens as <c>generic-tiff</c>: one tiled directory per
/// level, largest first, reduced levels marked NewSubfileType=1, 8-bit RGB, Adobe Deflate with
/// horizontal differencing, resolution in pixels per centimetre. Tiles are pulled from the sources one
/// at a time and identical tiles are stored once, so the file may be far larger than memory and a
/// mostly blank slide stays small.
/// </summary>
public static class TiledTiffWriter
{
    private const ushort NewSubfileTypeTag = 254;
    private const ushort ImageWidthTag = 256;
    private const ushort ImageLengthTag = 257;
    private const ushort BitsPerSampleTag = 258;
    private const ushort CompressionTag = 259;
    private const ushort PhotometricTag = 262;
    private const ushort ImageDescriptionTag = 270;
    private const ushort SamplesPerPixelTag = 277;
    private const ushort XResolutionTag = 282;
    private const ushort YResolutionTag = 283;
    private const ushort PlanarConfigurationTag = 284;
    private const ushort ResolutionUnitTag = 296;
    private const ushort SoftwareTag = 305;
    private const ushort PredictorTag = 317;
    private const ushort TileWidthTag = 322;
    private const ushort TileLengthTag = 323;
    private const ushort TileOffsetsTag = 324;
    private const ushort TileByteCountsTag = 325;

    private const ushort AdobeDeflate = 8;
    private const ushort PhotometricRgb = 2;
    private const ushort PlanarContiguous = 1;
    private const ushort ResolutionUnitCentimetre = 3;
    private const ushort HorizontalDifferencing = 2;
    private const uint ReducedResolution = 1;

    /// <summary>Room for the larger (BigTIFF) header; the format is only chosen once the data size is known.</summary>
    private const int HeaderSize = 16;

    /// <summary>Tiles encoded in parallel before being written in order; bounds memory to a few MB of compressed data.</summary>
    private const int Batch = 64;

    /// <summary>
    /// Writes <paramref name="levels"/> (level 0 first, each smaller than the one before) to
    /// <paramref name="path"/>. The file appears only when complete: it is written under a temporary
    /// name in the same folder and renamed, replacing any file already there.
    /// </summary>
    public static TiffWriteResult Write(string path, IReadOnlyList<ITiffLevelSource> levels, TiffWriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(levels);
        options ??= TiffWriteOptions.Default;
        options.Validate();
        ValidateLevels(levels);

        var stopwatch = Stopwatch.StartNew();
        var fullPath = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(fullPath)}.{Guid.NewGuid():N}.tmp");
        try
        {
            bool bigTiff;
            long tileCount, storedTiles;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 20))
            {
                var store = new TileStore(stream, options);
                stream.Write(new byte[HeaderSize]);
                var directories = new List<TiffDirectoryBuilder>(levels.Count);
                for (var i = 0; i < levels.Count; i++)
                {
                    var (offsets, counts) = store.WriteLevel(levels[i], cancellationToken);
                    directories.Add(BuildDirectory(levels, i, offsets, counts, options));
                }

                bigTiff = ChooseBigTiff(stream.Position, directories, options.Format);
                WriteDirectories(stream, directories, bigTiff);
                tileCount = store.TileCount;
                storedTiles = store.StoredTileCount;
                stream.Flush();
            }

            File.Move(temporary, fullPath, overwrite: true);
            return new TiffWriteResult(fullPath, new FileInfo(fullPath).Length, bigTiff, levels.Count, tileCount, storedTiles, stopwatch.Elapsed);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    private static void ValidateLevels(IReadOnlyList<ITiffLevelSource> levels)
    {
        if (levels.Count == 0)
        {
            throw new ArgumentException("A TIFF pyramid needs at least one level.", nameof(levels));
        }

        for (var i = 0; i < levels.Count; i++)
        {
            var level = levels[i] ?? throw new ArgumentException($"Level {i} is null.", nameof(levels));
            if (level.Width <= 0 || level.Height <= 0)
            {
                throw new ArgumentException($"Level {i} is {level.Width}x{level.Height}; both sides must be positive.", nameof(levels));
            }

            // OpenSlide orders levels by width; two levels of one size would be indistinguishable.
            if (i > 0 && (level.Width > levels[i - 1].Width || level.Height > levels[i - 1].Height ||
                          (level.Width == levels[i - 1].Width && level.Height == levels[i - 1].Height)))
            {
                throw new ArgumentException(
                    $"Level {i} ({level.Width}x{level.Height}) is not smaller than level {i - 1} ({levels[i - 1].Width}x{levels[i - 1].Height}).",
                    nameof(levels));
            }
        }
    }

    private static TiffDirectoryBuilder BuildDirectory(IReadOnlyList<ITiffLevelSource> levels, int index, long[] offsets, int[] counts, TiffWriteOptions options)
    {
        var level = levels[index];
        var directory = new TiffDirectoryBuilder();
        directory.AddLong(NewSubfileTypeTag, index == 0 ? 0 : ReducedResolution);
        directory.AddLong(ImageWidthTag, (uint)level.Width);
        directory.AddLong(ImageLengthTag, (uint)level.Height);
        directory.AddShort(BitsPerSampleTag, 8, 8, 8);
        directory.AddShort(CompressionTag, AdobeDeflate);
        directory.AddShort(PhotometricTag, PhotometricRgb);
        if (index == 0 && !string.IsNullOrEmpty(options.ImageDescription))
        {
            directory.AddAscii(ImageDescriptionTag, options.ImageDescription);
        }

        directory.AddShort(SamplesPerPixelTag, 3);
        // A reduced level's pixels are larger by the ratio of the sizes, so fewer fit in a centimetre.
        var pixelsPerCentimetre = 10_000.0 / options.Mpp;
        var (xNumerator, xDenominator) = Rational(pixelsPerCentimetre * level.Width / levels[0].Width);
        var (yNumerator, yDenominator) = Rational(pixelsPerCentimetre * level.Height / levels[0].Height);
        directory.AddRational(XResolutionTag, xNumerator, xDenominator);
        directory.AddRational(YResolutionTag, yNumerator, yDenominator);
        directory.AddShort(PlanarConfigurationTag, PlanarContiguous);
        directory.AddShort(ResolutionUnitTag, ResolutionUnitCentimetre);
        directory.AddAscii(SoftwareTag, options.Software);
        directory.AddShort(PredictorTag, HorizontalDifferencing);
        directory.AddLong(TileWidthTag, (uint)options.TileSize);
        directory.AddLong(TileLengthTag, (uint)options.TileSize);
        directory.AddOffsets(TileOffsetsTag, offsets);
        directory.AddLongs(TileByteCountsTag, counts);
        return directory;
    }

    /// <summary>The closest fraction with a power-of-ten denominator whose numerator fits in 32 bits.</summary>
    internal static (uint Numerator, uint Denominator) Rational(double value)
    {
        uint denominator = 1;
        while (denominator < 1_000_000 && value * denominator * 10 < uint.MaxValue)
        {
            denominator *= 10;
        }

        var numerator = (ulong)Math.Round(value * denominator);
        var divisor = Gcd(numerator, denominator);
        return ((uint)(numerator / divisor), (uint)(denominator / divisor));
    }

    private static ulong Gcd(ulong a, ulong b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a == 0 ? 1 : a;
    }

    private static bool ChooseBigTiff(long dataEnd, List<TiffDirectoryBuilder> directories, TiffFormat format)
    {
        // Directories start on an 8-byte boundary after the data; allow that padding for each.
        var classicEnd = dataEnd + directories.Sum(d => d.Size(bigTiff: false) + 8);
        var fitsClassic = classicEnd <= uint.MaxValue;
        return format switch
        {
            TiffFormat.BigTiff => true,
            TiffFormat.Classic when !fitsClassic => throw new InvalidOperationException(
                $"The file would be {classicEnd} bytes; classic TIFF cannot address more than 4 GiB. Use TiffFormat.Auto or BigTiff."),
            TiffFormat.Classic => false,
            _ => !fitsClassic,
        };
    }

    private static void WriteDirectories(FileStream stream, List<TiffDirectoryBuilder> directories, bool bigTiff)
    {
        long previousNextField = -1;
        foreach (var directory in directories)
        {
            stream.Write(new byte[(int)((8 - (stream.Position % 8)) % 8)]);
            var start = stream.Position;
            var (block, ifdOffset, nextFieldIndex) = directory.Serialize(start, bigTiff);
            stream.Write(block);
            if (previousNextField < 0)
            {
                WriteHeader(stream, ifdOffset, bigTiff);
            }
            else
            {
                WriteOffsetAt(stream, previousNextField, ifdOffset, bigTiff);
            }

            stream.Position = start + block.Length;
            previousNextField = start + nextFieldIndex;
        }
    }

    private static void WriteHeader(FileStream stream, long firstDirectory, bool bigTiff)
    {
        var end = stream.Position;
        stream.Position = 0;
        Span<byte> header = stackalloc byte[HeaderSize];
        header.Clear();
        header[0] = (byte)'I';
        header[1] = (byte)'I';
        if (bigTiff)
        {
            header[2] = 43;
            header[4] = 8; // bytesize of offsets
            BinaryPrimitives.WriteUInt64LittleEndian(header[8..], (ulong)firstDirectory);
        }
        else
        {
            header[2] = 42;
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)firstDirectory);
        }

        stream.Write(header);
        stream.Position = end;
    }

    private static void WriteOffsetAt(FileStream stream, long position, long value, bool bigTiff)
    {
        var end = stream.Position;
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)value);
        stream.Position = position;
        stream.Write(bytes[..(bigTiff ? 8 : 4)]);
        stream.Position = end;
    }

    /// <summary>Encodes a level's tiles in parallel batches and appends each distinct tile to the file once.</summary>
    private sealed class TileStore(FileStream stream, TiffWriteOptions options)
    {
        private readonly Dictionary<(UInt128 Digest, int Length), long> _stored = [];
        private readonly ConcurrentDictionary<(RgbColor Color, int Width, int Height), EncodedTile> _uniform = new();

        public long TileCount { get; private set; }

        public long StoredTileCount => _stored.Count;

        public (long[] Offsets, int[] Counts) WriteLevel(ITiffLevelSource level, CancellationToken cancellationToken)
        {
            var size = options.TileSize;
            var across = (level.Width + size - 1) / size;
            var down = (level.Height + size - 1) / size;
            var total = checked(across * down);
            var offsets = new long[total];
            var counts = new int[total];
            var encoded = new EncodedTile[Math.Min(Batch, total)];
            var parallel = new ParallelOptions
            {
                CancellationToken = cancellationToken,
                MaxDegreeOfParallelism = options.MaxDegreeOfParallelism ?? -1,
            };
            for (var first = 0; first < total; first += Batch)
            {
                var count = Math.Min(Batch, total - first);
                try
                {
                    Parallel.For(0, count, parallel, i => encoded[i] = EncodeTile(level, first + i, across));
                }
                catch (AggregateException e)
                {
                    // A source's own exception says more to the caller than Parallel's wrapper.
                    ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
                }

                for (var i = 0; i < count; i++)
                {
                    (offsets[first + i], counts[first + i]) = Store(encoded[i]);
                }
            }

            TileCount += total;
            return (offsets, counts);
        }

        private (long Offset, int Length) Store(EncodedTile tile)
        {
            var key = (tile.Digest, tile.Data.Length);
            if (!_stored.TryGetValue(key, out var offset))
            {
                offset = stream.Position;
                stream.Write(tile.Data);
                _stored.Add(key, offset);
            }

            return (offset, tile.Data.Length);
        }

        private EncodedTile EncodeTile(ITiffLevelSource level, int index, int across)
        {
            var size = options.TileSize;
            var x = index % across * size;
            var y = index / across * size;
            var width = Math.Min(size, level.Width - x);
            var height = Math.Min(size, level.Height - y);
            if (level.TryGetUniformColor(x, y, width, height, out var color))
            {
                return _uniform.GetOrAdd((color, width, height), key => Encode(pixels => Uniform(pixels, key.Color, key.Width, key.Height)));
            }

            return Encode(pixels => Read(level, pixels, x, y, width, height));
        }

        private EncodedTile Encode(Action<byte[]> fill)
        {
            var bytes = options.TileSize * options.TileSize * 3;
            var pixels = ArrayPool<byte>.Shared.Rent(bytes);
            var scratch = ArrayPool<byte>.Shared.Rent(bytes);
            try
            {
                fill(pixels);
                return TileEncoder.Encode(pixels.AsSpan(0, bytes), scratch, options.TileSize, options.DeflateLevel);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(scratch);
                ArrayPool<byte>.Shared.Return(pixels);
            }
        }

        private void Read(ITiffLevelSource level, byte[] pixels, int x, int y, int width, int height)
        {
            var size = options.TileSize;
            if (width == size && height == size)
            {
                level.ReadTile(x, y, width, height, pixels.AsSpan(0, size * size * 3));
                return;
            }

            // An edge tile: read the part inside the level, then lay it out at tile stride with white around it.
            var part = ArrayPool<byte>.Shared.Rent(width * height * 3);
            try
            {
                level.ReadTile(x, y, width, height, part.AsSpan(0, width * height * 3));
                PadToTile(part, pixels, width, height, size);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(part);
            }
        }

        private void Uniform(byte[] pixels, RgbColor color, int width, int height)
        {
            var size = options.TileSize;
            var part = ArrayPool<byte>.Shared.Rent(width * height * 3);
            try
            {
                color.Fill(part.AsSpan(0, width * height * 3));
                PadToTile(part, pixels, width, height, size);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(part);
            }
        }

        private static void PadToTile(byte[] part, byte[] pixels, int width, int height, int size)
        {
            pixels.AsSpan(0, size * size * 3).Fill(255);
            for (var row = 0; row < height; row++)
            {
                part.AsSpan(row * width * 3, width * 3).CopyTo(pixels.AsSpan(row * size * 3));
            }
        }
    }
}
