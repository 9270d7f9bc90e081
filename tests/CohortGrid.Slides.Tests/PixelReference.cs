using System.Numerics.Tensors;
using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Slides.Tests;

/// <summary>
/// The pixel code as it was before vectorisation (composite, QC, normalisation, composite-then-resample),
/// kept one pixel at a time as the yardstick for the vector paths, plus random test images.
/// </summary>
internal static class PixelReference
{
    public static byte[] Composite(ReadOnlySpan<uint> argb)
    {
        var rgb = new byte[argb.Length * 3];
        for (int i = 0, j = 0; i < argb.Length; i++, j += 3)
        {
            var p = argb[i];
            var background = 255 - (p >> 24);
            rgb[j] = (byte)(((p >> 16) & 0xFF) + background);
            rgb[j + 1] = (byte)(((p >> 8) & 0xFF) + background);
            rgb[j + 2] = (byte)((p & 0xFF) + background);
        }

        return rgb;
    }

    public static TileQcResult Measure(ReadOnlySpan<byte> rgb, int width, int height, TileQcOptions options, out byte[] grayScratch)
    {
        var pixels = width * height;
        grayScratch = new byte[pixels];
        int white = 0, gray = 0;
        var whiteLevel = options.WhiteLevel;
        var grayLimit = options.GraySaturation;
        for (int i = 0, j = 0; i < pixels; i++, j += 3)
        {
            int r = rgb[j], g = rgb[j + 1], b = rgb[j + 2];
            var max = Math.Max(r, Math.Max(g, b));
            var min = Math.Min(r, Math.Min(g, b));
            white += min >= whiteLevel ? 1 : 0;
            gray += (max - min) * 255 < grayLimit * max || max == 0 ? 1 : 0;
            grayScratch[i] = (byte)(((r * 77) + (g * 150) + (b * 29)) >> 8);
        }

        long sum = 0, sumSquares = 0;
        for (var y = 1; y < height - 1; y++)
        {
            var row = y * width;
            for (var x = 1; x < width - 1; x++)
            {
                var p = row + x;
                var laplacian = grayScratch[p - 1] + grayScratch[p + 1] + grayScratch[p - width] + grayScratch[p + width] - (4 * grayScratch[p]);
                sum += laplacian;
                sumSquares += laplacian * laplacian;
            }
        }

        var n = Math.Max(1, (width - 2) * (height - 2));
        var mean = (double)sum / n;
        var variance = ((double)sumSquares / n) - (mean * mean);
        var whiteFraction = (float)white / pixels;
        var grayFraction = (float)gray / pixels;
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

    public static float[] Normalise(ReadOnlySpan<byte> rgb, int size, IReadOnlyList<float> mean, IReadOnlyList<float> std)
    {
        var plane = size * size;
        var tensor = new float[3 * plane];
        for (var c = 0; c < 3; c++)
        {
            var scale = 1f / (255f * std[c]);
            var bias = -mean[c] / std[c];
            for (var i = 0; i < plane; i++)
            {
                tensor[(c * plane) + i] = (rgb[(i * 3) + c] * scale) + bias;
            }
        }

        return tensor;
    }

    /// <summary>Composites over white while filtering rows, then filters columns, rounding once at the end.</summary>
    public static byte[] Resample(uint[] argb, int readWidth, int readHeight, int targetWidth, int targetHeight, ResampleFilter filter)
    {
        var horizontal = ResampleKernel.Create(readWidth, targetWidth, filter);
        var vertical = ResampleKernel.Create(readHeight, targetHeight, filter);
        var rowStride = targetWidth * 3;
        var rows = new float[readHeight * rowStride];
        for (var y = 0; y < readHeight; y++)
        {
            var source = argb.AsSpan(y * readWidth, readWidth);
            var target = rows.AsSpan(y * rowStride, rowStride);
            for (var x = 0; x < targetWidth; x++)
            {
                float accR = 0, accG = 0, accB = 0;
                var start = horizontal.Starts[x];
                var w = horizontal.Weights.AsSpan(x * horizontal.Taps, horizontal.Taps);
                for (var t = 0; t < horizontal.Taps; t++)
                {
                    var p = source[start + t];
                    var background = 255 - (p >> 24);
                    accR += (((p >> 16) & 0xFF) + background) * w[t];
                    accG += (((p >> 8) & 0xFF) + background) * w[t];
                    accB += ((p & 0xFF) + background) * w[t];
                }

                target[x * 3] = accR;
                target[(x * 3) + 1] = accG;
                target[(x * 3) + 2] = accB;
            }
        }

        var rgb = new byte[targetWidth * targetHeight * 3];
        var acc = new float[rowStride];
        for (var y = 0; y < targetHeight; y++)
        {
            acc.AsSpan().Clear();
            for (var t = 0; t < vertical.Taps; t++)
            {
                var weight = vertical.Weights[(y * vertical.Taps) + t];
                if (weight != 0)
                {
                    TensorPrimitives.MultiplyAdd(rows.AsSpan((vertical.Starts[y] + t) * rowStride, rowStride), weight, acc, acc);
                }
            }

            for (var i = 0; i < rowStride; i++)
            {
                var v = acc[i] + 0.5f;
                rgb[(y * rowStride) + i] = v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;
            }
        }

        return rgb;
    }

    /// <summary>
    /// Valid premultiplied ARGB (every channel at most alpha): mostly opaque, some fully transparent,
    /// some partly transparent, over a smooth gradient with noise so resampling has structure to keep.
    /// </summary>
    public static uint[] RandomArgb(int width, int height, int seed)
    {
        var random = new Random(seed);
        var pixels = new uint[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var roll = random.Next(10);
                uint alpha = roll < 6 ? 255u : roll < 8 ? 0u : (uint)random.Next(256);
                uint Channel(int phase)
                {
                    var smooth = 128 + (100 * Math.Sin((x * 0.3) + (y * 0.2) + phase));
                    var value = Math.Clamp((int)smooth + random.Next(-40, 41), 0, 255);
                    return (uint)(value * alpha / 255);
                }

                pixels[(y * width) + x] = (alpha << 24) | (Channel(0) << 16) | (Channel(2) << 8) | Channel(4);
            }
        }

        return pixels;
    }

    /// <summary>Largest absolute difference between two byte buffers, and how many bytes differ at all.</summary>
    public static (int Max, int Count) Difference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        int max = 0, count = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            var d = Math.Abs(expected[i] - actual[i]);
            max = Math.Max(max, d);
            count += d == 0 ? 0 : 1;
        }

        return (max, count);
    }
}
