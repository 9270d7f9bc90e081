using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace CohortGrid.Slides.Tiling;

/// <summary>Whitespace, grayspace and blur checks on an 8-bit RGB tile (interleaved).</summary>
public static class TileQc
{
    // Per-lane int sums of squared Laplacians stay below 2^31 for rows up to this wide.
    private const int MaxVectorWidth = 8192;

    public static TileQcResult Measure(ReadOnlySpan<byte> rgb, int width, int height, TileQcOptions options, Span<byte> grayScratch)
    {
        ArgumentNullException.ThrowIfNull(options);
        var pixels = width * height;
        if (rgb.Length < pixels * 3 || grayScratch.Length < pixels)
        {
            throw new ArgumentException("Buffers are smaller than the tile.");
        }

        var counts = default(PixelCounts);
        var done = Vector256.IsHardwareAccelerated ? CountRgbVector256(rgb, pixels, options, grayScratch, ref counts) : 0;
        CountRgbScalar(rgb[(done * 3)..], pixels - done, options, grayScratch[done..], ref counts);
        var (sum, sumSquares) = Laplacian(grayScratch, width, height);
        return Verdict(counts, pixels, sum, sumSquares, width, height, options);
    }

    /// <summary>The original one-pixel-at-a-time measurement; the fallback and the yardstick for the vector paths.</summary>
    internal static TileQcResult MeasureScalar(ReadOnlySpan<byte> rgb, int width, int height, TileQcOptions options, Span<byte> grayScratch)
    {
        var pixels = width * height;
        var counts = default(PixelCounts);
        CountRgbScalar(rgb, pixels, options, grayScratch, ref counts);
        var (sum, sumSquares) = LaplacianScalar(grayScratch, width, height);
        return Verdict(counts, pixels, sum, sumSquares, width, height, options);
    }

    /// <summary>Sum and sum of squares of the 4-neighbour Laplacian over the interior of a grayscale image.</summary>
    internal static (long Sum, long SumSquares) Laplacian(ReadOnlySpan<byte> gray, int width, int height)
    {
        // The vector path needs one full 16-pixel vector inside each interior row.
        if (!Vector256.IsHardwareAccelerated || width < 18 || height < 3 || width > MaxVectorWidth)
        {
            return LaplacianScalar(gray, width, height);
        }

        if (gray.Length < width * height)
        {
            throw new ArgumentException("Grayscale buffer is smaller than the image.", nameof(gray));
        }

        ref var g = ref MemoryMarshal.GetReference(gray);
        var lastStart = width - 17;
        var vectorEnd = 1 + ((width - 2) / 16 * 16);
        // The last vector of a row ends at the row's last interior pixel and overlaps the previous
        // one; lanes already counted are masked off rather than finished with a scalar loop.
        var tailMask = Vector256.GreaterThanOrEqual(
            Vector256.Create((short)0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15) + Vector256.Create((short)lastStart),
            Vector256.Create((short)vectorEnd));
        var hasTail = vectorEnd < width - 1;
        var sum = Vector256<long>.Zero;
        var sumSquares = Vector256<long>.Zero;
        for (var y = 1; y < height - 1; y++)
        {
            var row = (nuint)(y * width);
            var rowSum = Vector256<int>.Zero;
            var rowSquares = Vector256<int>.Zero;
            for (var x = 1; x < vectorEnd; x += 16)
            {
                var laplacian = LaplacianAt(ref g, row + (nuint)x, (nuint)width);
                Accumulate(laplacian, ref rowSum, ref rowSquares);
            }

            if (hasTail)
            {
                var laplacian = LaplacianAt(ref g, row + (nuint)lastStart, (nuint)width) & tailMask;
                Accumulate(laplacian, ref rowSum, ref rowSquares);
            }

            sum += Vector256.WidenLower(rowSum) + Vector256.WidenUpper(rowSum);
            sumSquares += Vector256.WidenLower(rowSquares.AsUInt32()).AsInt64() + Vector256.WidenUpper(rowSquares.AsUInt32()).AsInt64();
        }

        return (Vector256.Sum(sum), Vector256.Sum(sumSquares));
    }

    internal static (long Sum, long SumSquares) LaplacianScalar(ReadOnlySpan<byte> gray, int width, int height)
    {
        long sum = 0, sumSquares = 0;
        for (var y = 1; y < height - 1; y++)
        {
            var row = y * width;
            for (var x = 1; x < width - 1; x++)
            {
                var p = row + x;
                var laplacian = gray[p - 1] + gray[p + 1] + gray[p - width] + gray[p + width] - (4 * gray[p]);
                sum += laplacian;
                sumSquares += laplacian * laplacian;
            }
        }

        return (sum, sumSquares);
    }

    internal static TileQcResult Verdict(in PixelCounts counts, int pixels, long sum, long sumSquares, int width, int height, TileQcOptions options)
    {
        var n = Math.Max(1, (width - 2) * (height - 2));
        var mean = (double)sum / n;
        var variance = ((double)sumSquares / n) - (mean * mean);
        var whiteFraction = (float)counts.White / pixels;
        var grayFraction = (float)counts.Gray / pixels;
        var drop = TileDropReason.None;
        if (whiteFraction > options.MaxWhiteFraction)
        {
            drop |= TileDropReason.Whitespace;
        }

        if (grayFraction > options.MaxGrayFraction)
        {
            drop |= TileDropReason.Grayspace;
        }

        if (variance < options.MinLaplacianVariance)
        {
            drop |= TileDropReason.Blur;
        }

        return new TileQcResult(whiteFraction, grayFraction, (float)variance, drop);
    }

    /// <summary>White and grey tests for one pixel, and its luma; the scalar definition the vector paths reproduce.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static byte ClassifyPixel(int r, int g, int b, int whiteLevel, int grayLimit, ref PixelCounts counts)
    {
        var max = Math.Max(r, Math.Max(g, b));
        var min = Math.Min(r, Math.Min(g, b));
        counts.White += min >= whiteLevel ? 1 : 0;
        // saturation < limit  <=>  (max - min) * 255 < limit * max
        counts.Gray += (max - min) * 255 < grayLimit * max || max == 0 ? 1 : 0;
        return (byte)(((r * 77) + (g * 150) + (b * 29)) >> 8);
    }

    /// <summary>
    /// <see cref="ClassifyPixel"/> for eight pixels whose channels sit in 0..255 int lanes. The white
    /// and grey counters gain one per matching lane (compare masks are -1); returns the lumas.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<int> ClassifyPixels(Vector256<int> r, Vector256<int> g, Vector256<int> b, in QcThresholds thresholds, ref Vector256<int> white, ref Vector256<int> gray)
    {
        var max = Vector256.Max(r, Vector256.Max(g, b));
        var min = Vector256.Min(r, Vector256.Min(g, b));
        white -= Vector256.GreaterThan(min, thresholds.WhiteAbove);
        var spread = max - min;
        // Same int products as the scalar test, wrap-around included.
        gray -= Vector256.GreaterThan(max * thresholds.GrayLimit, (spread << 8) - spread) | Vector256.Equals(max, Vector256<int>.Zero);
        return Vector256.ShiftRightLogical((r * 77) + (g * 150) + (b * 29), 8);
    }

    /// <summary>Writes sixteen lumas (0..255 int lanes) as bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void StoreLumas(Vector256<int> first, Vector256<int> second, ref byte destination, nuint offset)
    {
        var words = Vector256.Narrow(first.AsUInt32(), second.AsUInt32());
        Vector128.Narrow(words.GetLower(), words.GetUpper()).StoreUnsafe(ref destination, offset);
    }

    private static void CountRgbScalar(ReadOnlySpan<byte> rgb, int pixels, TileQcOptions options, Span<byte> grayScratch, ref PixelCounts counts)
    {
        var whiteLevel = options.WhiteLevel;
        var grayLimit = options.GraySaturation;
        for (int i = 0, j = 0; i < pixels; i++, j += 3)
        {
            grayScratch[i] = ClassifyPixel(rgb[j], rgb[j + 1], rgb[j + 2], whiteLevel, grayLimit, ref counts);
        }
    }

    // Sixteen pixels per step: each 128-bit half of a 256-bit load carries four RGB triplets (the
    // 16-byte loads overlap by four bytes), and one in-lane shuffle per channel spreads them to int
    // lanes. Returns the pixels measured; the last few, whose loads would overrun, are left to the caller.
    private static int CountRgbVector256(ReadOnlySpan<byte> rgb, int pixels, TileQcOptions options, Span<byte> grayScratch, ref PixelCounts counts)
    {
        ref var source = ref MemoryMarshal.GetReference(rgb);
        ref var gray = ref MemoryMarshal.GetReference(grayScratch);
        var thresholds = new QcThresholds(options);
        var white = Vector256<int>.Zero;
        var grey = Vector256<int>.Zero;
        var i = 0;
        for (; i + 16 <= pixels && (i * 3) + 52 <= rgb.Length; i += 16)
        {
            var offset = (nuint)(i * 3);
            var first = ClassifyRgb(ref source, offset, thresholds, ref white, ref grey);
            var second = ClassifyRgb(ref source, offset + 24, thresholds, ref white, ref grey);
            StoreLumas(first, second, ref gray, (nuint)i);
        }

        counts.White += Vector256.Sum(white);
        counts.Gray += Vector256.Sum(grey);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> ClassifyRgb(ref byte source, nuint offset, in QcThresholds thresholds, ref Vector256<int> white, ref Vector256<int> gray)
    {
        var triplets = Vector256.Create(Vector128.LoadUnsafe(ref source, offset), Vector128.LoadUnsafe(ref source, offset + 12));
        var r = Vector256.Shuffle(triplets, Vector256.Create(
            (byte)0, 0xFF, 0xFF, 0xFF, 3, 0xFF, 0xFF, 0xFF, 6, 0xFF, 0xFF, 0xFF, 9, 0xFF, 0xFF, 0xFF,
            16, 0xFF, 0xFF, 0xFF, 19, 0xFF, 0xFF, 0xFF, 22, 0xFF, 0xFF, 0xFF, 25, 0xFF, 0xFF, 0xFF)).AsInt32();
        var g = Vector256.Shuffle(triplets, Vector256.Create(
            (byte)1, 0xFF, 0xFF, 0xFF, 4, 0xFF, 0xFF, 0xFF, 7, 0xFF, 0xFF, 0xFF, 10, 0xFF, 0xFF, 0xFF,
            17, 0xFF, 0xFF, 0xFF, 20, 0xFF, 0xFF, 0xFF, 23, 0xFF, 0xFF, 0xFF, 26, 0xFF, 0xFF, 0xFF)).AsInt32();
        var b = Vector256.Shuffle(triplets, Vector256.Create(
            (byte)2, 0xFF, 0xFF, 0xFF, 5, 0xFF, 0xFF, 0xFF, 8, 0xFF, 0xFF, 0xFF, 11, 0xFF, 0xFF, 0xFF,
            18, 0xFF, 0xFF, 0xFF, 21, 0xFF, 0xFF, 0xFF, 24, 0xFF, 0xFF, 0xFF, 27, 0xFF, 0xFF, 0xFF)).AsInt32();
        return ClassifyPixels(r, g, b, thresholds, ref white, ref gray);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> LaplacianAt(ref byte gray, nuint center, nuint width)
    {
        var c = Widen(ref gray, center);
        var neighbours = Widen(ref gray, center - 1) + Widen(ref gray, center + 1) + Widen(ref gray, center - width) + Widen(ref gray, center + width);
        return neighbours - (c << 2);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<short> Widen(ref byte source, nuint offset) =>
        Vector256.WidenLower(Vector128.LoadUnsafe(ref source, offset).ToVector256Unsafe()).AsInt16();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(Vector256<short> laplacian, ref Vector256<int> sum, ref Vector256<int> sumSquares)
    {
        var low = Vector256.WidenLower(laplacian);
        var high = Vector256.WidenUpper(laplacian);
        sum += low + high;
        sumSquares += (low * low) + (high * high);
    }
}

/// <summary>White and grey pixel counts of one tile.</summary>
internal struct PixelCounts
{
    public int White;
    public int Gray;
}

/// <summary>QC thresholds broadcast for <see cref="TileQc.ClassifyPixels"/>.</summary>
internal readonly struct QcThresholds
{
    public QcThresholds(TileQcOptions options)
    {
        // Channels are 0..255, so "min >= level" is "min > clamp(level) - 1" without overflow at int.MinValue.
        WhiteAbove = Vector256.Create(Math.Clamp(options.WhiteLevel, 0, 256) - 1);
        GrayLimit = Vector256.Create(options.GraySaturation);
    }

    public Vector256<int> WhiteAbove { get; }

    public Vector256<int> GrayLimit { get; }
}
