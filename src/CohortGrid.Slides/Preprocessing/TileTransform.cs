using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Slides.Preprocessing;

/// <summary>
/// The pixel work of <see cref="TilePreprocessor"/>, from a region already in memory: resize,
/// composite over white, QC and normalisation. Compositing, the QC counts, the grayscale and the
/// normalised planes come out of one pass over the pixels, so the tile is never stored as RGB bytes.
/// Immutable and thread-safe; per-tile scratch comes from the shared array pool.
/// </summary>
internal sealed class TileTransform
{
    private readonly TileQcOptions _qc;
    private readonly ArgbResampler? _resampler;
    private readonly Normalisation _normalisation;

    public TileTransform(int readWidth, int readHeight, PreprocessingOptions options, TileQcOptions qc)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(qc);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(readWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(readHeight);
        options.Validate();
        ReadWidth = readWidth;
        ReadHeight = readHeight;
        Size = options.InputSize;
        _qc = qc;
        if (readWidth != Size || readHeight != Size)
        {
            _resampler = new ArgbResampler(ResampleKernel.Create(readWidth, Size, options.Filter), ResampleKernel.Create(readHeight, Size, options.Filter));
        }

        _normalisation = new Normalisation(options);
    }

    public int ReadWidth { get; }

    public int ReadHeight { get; }

    /// <summary>Output side in pixels.</summary>
    public int Size { get; }

    public int TensorLength => 3 * Size * Size;

    /// <summary>
    /// Resizes the premultiplied ARGB region <paramref name="argb"/> to the input size, measures QC
    /// (when enabled) and writes the normalised CHW tensor into <paramref name="destination"/>.
    /// </summary>
    public TileQcResult Process(ReadOnlySpan<uint> argb, Span<float> destination) =>
        Process(argb, destination, Vector256.IsHardwareAccelerated);

    /// <summary>The region as interleaved RGB bytes at the input size.</summary>
    public void ToRgb(ReadOnlySpan<uint> argb, Span<byte> rgb)
    {
        CheckRegion(argb);
        var pixels = Size * Size;
        if (rgb.Length < pixels * 3)
        {
            throw new ArgumentException($"RGB destination holds {rgb.Length} bytes; a tile needs {pixels * 3}.", nameof(rgb));
        }

        if (_resampler is null)
        {
            PixelConversion.PremultipliedArgbOverWhiteToRgb(argb[..pixels], rgb);
            return;
        }

        var resized = ArrayPool<uint>.Shared.Rent(pixels);
        try
        {
            _resampler.Resample(argb, resized);
            PixelConversion.PremultipliedArgbOverWhiteToRgb(resized.AsSpan(0, pixels), rgb);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(resized);
        }
    }

    /// <summary><see cref="Process(ReadOnlySpan{uint}, Span{float})"/> one pixel at a time, to compare the vector pass against.</summary>
    internal TileQcResult ProcessScalar(ReadOnlySpan<uint> argb, Span<float> destination) => Process(argb, destination, vector: false);

    private TileQcResult Process(ReadOnlySpan<uint> argb, Span<float> destination, bool vector)
    {
        CheckRegion(argb);
        if (destination.Length < TensorLength)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; a tile needs {TensorLength}.", nameof(destination));
        }

        var pixels = Size * Size;
        if (_resampler is null)
        {
            return Analyse(argb[..pixels], destination, vector);
        }

        var resized = ArrayPool<uint>.Shared.Rent(pixels);
        try
        {
            if (vector)
            {
                _resampler.Resample(argb, resized);
            }
            else
            {
                _resampler.ResampleScalar(argb, resized);
            }

            return Analyse(resized.AsSpan(0, pixels), destination, vector);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(resized);
        }
    }

    private void CheckRegion(ReadOnlySpan<uint> argb)
    {
        if (argb.Length < ReadWidth * ReadHeight)
        {
            throw new ArgumentException($"Region holds {argb.Length} pixels; {ReadWidth}x{ReadHeight} expected.", nameof(argb));
        }
    }

    // Composite over white + QC counts + grayscale + normalised planes in one pass over Size² pixels
    // of premultiplied ARGB (the resampler's output is already opaque, for which compositing is a no-op).
    private TileQcResult Analyse(ReadOnlySpan<uint> argb, Span<float> destination, bool vector)
    {
        var pixels = Size * Size;
        var gray = ArrayPool<byte>.Shared.Rent(pixels);
        try
        {
            var counts = default(PixelCounts);
            var done = vector ? AnalyseVector256(argb, destination, gray, ref counts) : 0;
            AnalyseScalar(argb, destination, gray, done, ref counts);
            if (!_qc.Enabled)
            {
                return default;
            }

            var (sum, sumSquares) = vector ? TileQc.Laplacian(gray, Size, Size) : TileQc.LaplacianScalar(gray, Size, Size);
            return TileQc.Verdict(counts, pixels, sum, sumSquares, Size, Size, _qc);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(gray);
        }
    }

    private void AnalyseScalar(ReadOnlySpan<uint> argb, Span<float> destination, Span<byte> gray, int start, ref PixelCounts counts)
    {
        var plane = Size * Size;
        var r = destination[..plane];
        var g = destination.Slice(plane, plane);
        var b = destination.Slice(2 * plane, plane);
        var n = _normalisation;
        var whiteLevel = _qc.WhiteLevel;
        var grayLimit = _qc.GraySaturation;
        for (var i = start; i < plane; i++)
        {
            var (red, green, blue) = PixelConversion.OverWhite(argb[i]);
            gray[i] = TileQc.ClassifyPixel(red, green, blue, whiteLevel, grayLimit, ref counts);
            r[i] = (red * n.ScaleR) + n.BiasR;
            g[i] = (green * n.ScaleG) + n.BiasG;
            b[i] = (blue * n.ScaleB) + n.BiasB;
        }
    }

    // Sixteen pixels per step. Returns the pixels done; the scalar pass finishes the rest.
    private int AnalyseVector256(ReadOnlySpan<uint> argb, Span<float> destination, Span<byte> grayScratch, ref PixelCounts counts)
    {
        var plane = Size * Size;
        ref var source = ref MemoryMarshal.GetReference(argb);
        ref var r = ref MemoryMarshal.GetReference(destination);
        ref var gray = ref MemoryMarshal.GetReference(grayScratch);
        var thresholds = new QcThresholds(_qc);
        var planes = new PlaneWriter(_normalisation, ref r, plane);
        var white = Vector256<int>.Zero;
        var grey = Vector256<int>.Zero;
        var i = 0;
        for (; i + 16 <= plane; i += 16)
        {
            var first = AnalyseEight(ref source, (nuint)i, thresholds, planes, ref white, ref grey);
            var second = AnalyseEight(ref source, (nuint)(i + 8), thresholds, planes, ref white, ref grey);
            TileQc.StoreLumas(first, second, ref gray, (nuint)i);
        }

        counts.White += Vector256.Sum(white);
        counts.Gray += Vector256.Sum(grey);
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> AnalyseEight(ref uint source, nuint offset, in QcThresholds thresholds, in PlaneWriter planes, ref Vector256<int> white, ref Vector256<int> gray)
    {
        var pixels = PixelConversion.OverWhite(Vector256.LoadUnsafe(ref source, offset).AsByte()).AsInt32();
        var mask = Vector256.Create(0xFF);
        var blue = pixels & mask;
        var green = Vector256.ShiftRightLogical(pixels, 8) & mask;
        var red = Vector256.ShiftRightLogical(pixels, 16) & mask;
        planes.Store(red, green, blue, offset);
        return TileQc.ClassifyPixels(red, green, blue, thresholds, ref white, ref gray);
    }

    /// <summary>Broadcast scale and bias, and where the three CHW planes start.</summary>
    private readonly ref struct PlaneWriter
    {
        private readonly ref float _r;
        private readonly ref float _g;
        private readonly ref float _b;
        private readonly Vector256<float> _scaleR;
        private readonly Vector256<float> _scaleG;
        private readonly Vector256<float> _scaleB;
        private readonly Vector256<float> _biasR;
        private readonly Vector256<float> _biasG;
        private readonly Vector256<float> _biasB;

        public PlaneWriter(in Normalisation n, ref float r, int plane)
        {
            _r = ref r;
            _g = ref Unsafe.Add(ref r, plane);
            _b = ref Unsafe.Add(ref r, 2 * plane);
            _scaleR = Vector256.Create(n.ScaleR);
            _scaleG = Vector256.Create(n.ScaleG);
            _scaleB = Vector256.Create(n.ScaleB);
            _biasR = Vector256.Create(n.BiasR);
            _biasG = Vector256.Create(n.BiasG);
            _biasB = Vector256.Create(n.BiasB);
        }

        // Multiply then add, not fused: bit-identical to the scalar (v * scale) + bias.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Store(Vector256<int> red, Vector256<int> green, Vector256<int> blue, nuint offset)
        {
            ((Vector256.ConvertToSingle(red) * _scaleR) + _biasR).StoreUnsafe(ref _r, offset);
            ((Vector256.ConvertToSingle(green) * _scaleG) + _biasG).StoreUnsafe(ref _g, offset);
            ((Vector256.ConvertToSingle(blue) * _scaleB) + _biasB).StoreUnsafe(ref _b, offset);
        }
    }

    /// <summary>(v / 255 - mean) / std  ==  v * scale + bias, per channel.</summary>
    private readonly struct Normalisation
    {
        public Normalisation(PreprocessingOptions options)
        {
            ScaleR = 1f / (255f * options.Std[0]);
            ScaleG = 1f / (255f * options.Std[1]);
            ScaleB = 1f / (255f * options.Std[2]);
            BiasR = -options.Mean[0] / options.Std[0];
            BiasG = -options.Mean[1] / options.Std[1];
            BiasB = -options.Mean[2] / options.Std[2];
        }

        public float ScaleR { get; }

        public float ScaleG { get; }

        public float ScaleB { get; }

        public float BiasR { get; }

        public float BiasG { get; }

        public float BiasB { get; }
    }
}
