using System.Buffers;
using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Slides.Preprocessing;

/// <summary>
/// Reads tiles of one slide's grid and turns them into normalised CHW float32 encoder inputs,
/// written straight into the caller's slice of a batch tensor. Thread-safe: all per-tile buffers come
/// from the shared array pool, and the resampling weights are computed once per grid.
/// </summary>
public sealed class TilePreprocessor
{
    private readonly SlideImage _slide;
    private readonly TileGrid _grid;
    private readonly TileQcOptions _qc;
    private readonly int _size;
    private readonly ResampleKernel? _horizontal;
    private readonly ResampleKernel? _vertical;
    private readonly float[] _scale = new float[3];
    private readonly float[] _bias = new float[3];

    public TilePreprocessor(SlideImage slide, TileGrid grid, PreprocessingOptions? options = null, TileQcOptions? qc = null)
    {
        ArgumentNullException.ThrowIfNull(slide);
        ArgumentNullException.ThrowIfNull(grid);
        options ??= PreprocessingOptions.Default;
        options.Validate();
        _slide = slide;
        _grid = grid;
        _qc = qc ?? TileQcOptions.Default;
        _size = options.InputSize;
        if (grid.ReadWidth != _size || grid.ReadHeight != _size)
        {
            _horizontal = ResampleKernel.Create(grid.ReadWidth, _size, options.Filter);
            _vertical = ResampleKernel.Create(grid.ReadHeight, _size, options.Filter);
        }

        // (v / 255 - mean) / std  ==  v * scale + bias
        for (var c = 0; c < 3; c++)
        {
            _scale[c] = 1f / (255f * options.Std[c]);
            _bias[c] = -options.Mean[c] / options.Std[c];
        }
    }

    /// <summary>Floats written per tile (3 x size x size).</summary>
    public int TensorLength => 3 * _size * _size;

    public int InputSize => _size;

    /// <summary>
    /// Reads <paramref name="tile"/>, resizes it to the input size, measures QC and writes the
    /// normalised CHW tensor into <paramref name="destination"/>. The tensor is written even when QC
    /// fails, so callers that keep every tile need no second read.
    /// </summary>
    public TileQcResult Process(in TileSpec tile, Span<float> destination)
    {
        if (destination.Length < TensorLength)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats; a tile needs {TensorLength}.", nameof(destination));
        }

        var pixels = _size * _size;
        var rgb = ArrayPool<byte>.Shared.Rent(pixels * 3);
        var gray = ArrayPool<byte>.Shared.Rent(pixels);
        try
        {
            ReadRgbInto(tile, rgb);
            var qc = _qc.Enabled ? TileQc.Measure(rgb, _size, _size, _qc, gray) : default;
            Normalise(rgb, destination);
            return qc;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(gray);
            ArrayPool<byte>.Shared.Return(rgb);
        }
    }

    /// <summary>The tile as an RGB image at the input size (for inspection and export; allocates).</summary>
    public RgbImage ReadRgb(in TileSpec tile)
    {
        var image = new RgbImage(_size, _size);
        ReadRgbInto(tile, image.Data);
        return image;
    }

    /// <summary>Reads the tile's region and writes interleaved RGB at the input size into <paramref name="rgb"/>.</summary>
    public void ReadRgbInto(in TileSpec tile, Span<byte> rgb)
    {
        int readWidth = _grid.ReadWidth, readHeight = _grid.ReadHeight;
        var argb = ArrayPool<uint>.Shared.Rent(readWidth * readHeight);
        try
        {
            _slide.ReadRegion(tile.X, tile.Y, _grid.Level, readWidth, readHeight, argb);
            if (_horizontal is null || _vertical is null)
            {
                PixelConversion.PremultipliedArgbOverWhiteToRgb(argb.AsSpan(0, readWidth * readHeight), rgb);
            }
            else
            {
                Resample(argb, readWidth, readHeight, rgb, _horizontal, _vertical, _size);
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(argb);
        }
    }

    private void Normalise(ReadOnlySpan<byte> rgb, Span<float> destination)
    {
        var plane = _size * _size;
        var r = destination[..plane];
        var g = destination.Slice(plane, plane);
        var b = destination.Slice(2 * plane, plane);
        float sr = _scale[0], sg = _scale[1], sb = _scale[2], br = _bias[0], bg = _bias[1], bb = _bias[2];
        for (int i = 0, j = 0; i < plane; i++, j += 3)
        {
            r[i] = (rgb[j] * sr) + br;
            g[i] = (rgb[j + 1] * sg) + bg;
            b[i] = (rgb[j + 2] * sb) + bb;
        }
    }

    // Separable resampling: rows first (reading ARGB and compositing over white on the fly), then columns.
    private static void Resample(uint[] argb, int readWidth, int readHeight, Span<byte> rgb, ResampleKernel horizontal, ResampleKernel vertical, int size)
    {
        var rowStride = size * 3;
        var rows = ArrayPool<float>.Shared.Rent(readHeight * rowStride);
        try
        {
            var hTaps = horizontal.Taps;
            var hWeights = horizontal.Weights;
            var hStarts = horizontal.Starts;
            for (var y = 0; y < readHeight; y++)
            {
                var source = argb.AsSpan(y * readWidth, readWidth);
                var target = rows.AsSpan(y * rowStride, rowStride);
                for (var x = 0; x < size; x++)
                {
                    float accR = 0, accG = 0, accB = 0;
                    var start = hStarts[x];
                    var w = hWeights.AsSpan(x * hTaps, hTaps);
                    for (var t = 0; t < hTaps; t++)
                    {
                        var p = source[start + t];
                        var background = 255 - (p >> 24);
                        var weight = w[t];
                        accR += (((p >> 16) & 0xFF) + background) * weight;
                        accG += (((p >> 8) & 0xFF) + background) * weight;
                        accB += ((p & 0xFF) + background) * weight;
                    }

                    target[x * 3] = accR;
                    target[(x * 3) + 1] = accG;
                    target[(x * 3) + 2] = accB;
                }
            }

            var vTaps = vertical.Taps;
            var vWeights = vertical.Weights;
            var vStarts = vertical.Starts;
            var accumulator = ArrayPool<float>.Shared.Rent(rowStride);
            try
            {
                for (var y = 0; y < size; y++)
                {
                    var acc = accumulator.AsSpan(0, rowStride);
                    acc.Clear();
                    for (var t = 0; t < vTaps; t++)
                    {
                        var weight = vWeights[(y * vTaps) + t];
                        if (weight == 0)
                        {
                            continue;
                        }

                        System.Numerics.Tensors.TensorPrimitives.MultiplyAdd(rows.AsSpan((vStarts[y] + t) * rowStride, rowStride), weight, acc, acc);
                    }

                    var output = rgb.Slice(y * rowStride, rowStride);
                    for (var i = 0; i < rowStride; i++)
                    {
                        var v = acc[i] + 0.5f;
                        output[i] = v <= 0 ? (byte)0 : v >= 255 ? (byte)255 : (byte)v;
                    }
                }
            }
            finally
            {
                ArrayPool<float>.Shared.Return(accumulator);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rows);
        }
    }
}
