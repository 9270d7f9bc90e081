namespace CohortGrid.Slides.Imaging;

/// <summary>
/// Precomputed 1-D resampling weights from <see cref="SourceSize"/> to <see cref="TargetSize"/>
/// samples. Separable: apply along rows, then along columns. Computed once per (sizes, filter) and
/// shared by all tiles, so the hot path only multiplies and adds.
/// </summary>
public sealed class ResampleKernel
{
    /// <summary>Keys' cubic parameter used by PIL and timm for "bicubic".</summary>
    private const double CubicA = -0.5;

    private ResampleKernel(int sourceSize, int targetSize, int taps, int[] starts, float[] weights)
    {
        SourceSize = sourceSize;
        TargetSize = targetSize;
        Taps = taps;
        Starts = starts;
        Weights = weights;
    }

    public int SourceSize { get; }

    public int TargetSize { get; }

    /// <summary>Weights per output sample (padded with zeros where fewer apply).</summary>
    public int Taps { get; }

    /// <summary>First source index for each output sample; taps never run past the source edge.</summary>
    public int[] Starts { get; }

    /// <summary>Row-major [TargetSize, Taps] weights, each row summing to 1.</summary>
    public float[] Weights { get; }

    public static ResampleKernel Area(int sourceSize, int targetSize) => Create(sourceSize, targetSize, ResampleFilter.Area);

    public static ResampleKernel Create(int sourceSize, int targetSize, ResampleFilter filter)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sourceSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(targetSize);
        var scale = (double)sourceSize / targetSize;
        var filterScale = Math.Max(scale, 1.0);
        var support = SupportOf(filter) * filterScale;
        var taps = (int)Math.Ceiling(support) * 2 + 1;
        var starts = new int[targetSize];
        var weights = new float[targetSize * taps];
        var raw = new double[taps];
        for (var i = 0; i < targetSize; i++)
        {
            var center = (i + 0.5) * scale;
            var first = Math.Max(0, (int)Math.Floor(center - support));
            var last = Math.Min(sourceSize, (int)Math.Ceiling(center + support));
            var sum = 0.0;
            var count = Math.Min(taps, last - first);
            for (var t = 0; t < count; t++)
            {
                var w = Evaluate(filter, (first + t + 0.5 - center) / filterScale);
                raw[t] = w;
                sum += w;
            }

            if (sum == 0)
            {
                // Only possible when upscaling with the box filter between sample centres: take the nearest.
                raw.AsSpan(0, count).Clear();
                raw[Math.Clamp((int)center - first, 0, count - 1)] = 1;
                sum = 1;
            }

            starts[i] = first;
            for (var t = 0; t < count; t++)
            {
                weights[(i * taps) + t] = (float)(raw[t] / sum);
            }

            // Keep Starts + Taps inside the source so callers can run fixed-length loops.
            if (first + taps > sourceSize)
            {
                var shift = first + taps - sourceSize;
                if (shift > first)
                {
                    shift = first;
                }

                ShiftRight(weights.AsSpan(i * taps, taps), shift);
                starts[i] = first - shift;
            }
        }

        if (taps > sourceSize)
        {
            return Compact(sourceSize, targetSize, taps, starts, weights);
        }

        return new ResampleKernel(sourceSize, targetSize, taps, starts, weights);
    }

    private static double SupportOf(ResampleFilter filter) => filter switch
    {
        ResampleFilter.Area => 0.5,
        ResampleFilter.Bilinear => 1.0,
        ResampleFilter.Bicubic => 2.0,
        ResampleFilter.Lanczos3 => 3.0,
        _ => throw new ArgumentOutOfRangeException(nameof(filter), filter, null),
    };

    private static double Evaluate(ResampleFilter filter, double x)
    {
        x = Math.Abs(x);
        switch (filter)
        {
            case ResampleFilter.Area:
                return x < 0.5 ? 1.0 : x == 0.5 ? 0.5 : 0.0;
            case ResampleFilter.Bilinear:
                return x < 1.0 ? 1.0 - x : 0.0;
            case ResampleFilter.Bicubic:
                if (x < 1.0)
                {
                    return ((((CubicA + 2) * x) - (CubicA + 3)) * x * x) + 1;
                }

                return x < 2.0 ? ((((((x - 5) * x) + 8) * x) - 4) * CubicA) : 0.0;
            case ResampleFilter.Lanczos3:
                if (x == 0)
                {
                    return 1.0;
                }

                if (x >= 3.0)
                {
                    return 0.0;
                }

                var px = Math.PI * x;
                return 3.0 * Math.Sin(px) * Math.Sin(px / 3.0) / (px * px);
            default:
                throw new ArgumentOutOfRangeException(nameof(filter), filter, null);
        }
    }

    private static void ShiftRight(Span<float> row, int shift)
    {
        for (var t = row.Length - 1; t >= 0; t--)
        {
            row[t] = t - shift >= 0 ? row[t - shift] : 0f;
        }
    }

    // A source shorter than the filter: every output reads the whole source.
    private static ResampleKernel Compact(int sourceSize, int targetSize, int taps, int[] starts, float[] weights)
    {
        var compact = new float[targetSize * sourceSize];
        for (var i = 0; i < targetSize; i++)
        {
            for (var t = 0; t < taps; t++)
            {
                var s = starts[i] + t;
                if (s >= 0 && s < sourceSize)
                {
                    compact[(i * sourceSize) + s] += weights[(i * taps) + t];
                }
            }
        }

        return new ResampleKernel(sourceSize, targetSize, sourceSize, new int[targetSize], compact);
    }
}
