using System.Buffers;
using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Slides.Preprocessing;

/// <summary>
/// Reads tiles of one slide's grid and turns them into normalised CHW float32 encoder inputs,
/// written straight into the caller's slice of a batch tensor. Thread-safe: all per-tile buffers come
/// from the shared array pool, and the resampling weights are computed once per grid. The overloads
/// taking a span start from a region already read, for callers that read regions themselves.
/// </summary>
public sealed class TilePreprocessor
{
    private readonly SlideImage _slide;
    private readonly int _level;
    private readonly int _readWidth;
    private readonly int _readHeight;
    private readonly TileTransform _transform;

    public TilePreprocessor(SlideImage slide, TileGrid grid, PreprocessingOptions? options = null, TileQcOptions? qc = null)
        : this(slide, (grid ?? throw new ArgumentNullException(nameof(grid))).Level, grid.ReadWidth, grid.ReadHeight, options, qc)
    {
    }

    /// <summary>
    /// For callers that know only where to read (a tile batch sent to another silo): the pyramid level and
    /// the region size read there, which is all preprocessing needs of a grid.
    /// </summary>
    public TilePreprocessor(SlideImage slide, int level, int readWidth, int readHeight, PreprocessingOptions? options = null, TileQcOptions? qc = null)
    {
        ArgumentNullException.ThrowIfNull(slide);
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, slide.Levels.Count);
        _slide = slide;
        _level = level;
        _readWidth = readWidth;
        _readHeight = readHeight;
        _transform = new TileTransform(readWidth, readHeight, options ?? PreprocessingOptions.Default, qc ?? TileQcOptions.Default);
    }

    /// <summary>Floats written per tile (3 x size x size).</summary>
    public int TensorLength => _transform.TensorLength;

    public int InputSize => _transform.Size;

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

        var argb = ReadRegion(tile);
        try
        {
            return _transform.Process(argb.AsSpan(0, _readWidth * _readHeight), destination);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(argb);
        }
    }

    /// <summary>
    /// <see cref="Process(in TileSpec, Span{float})"/> for a region already read: premultiplied ARGB
    /// of the grid's read size (<paramref name="readWidth"/> x <paramref name="readHeight"/>), row-major.
    /// </summary>
    public TileQcResult Process(ReadOnlySpan<uint> argb, int readWidth, int readHeight, Span<float> destination)
    {
        CheckReadSize(readWidth, readHeight);
        return _transform.Process(argb, destination);
    }

    /// <summary>The tile as an RGB image at the input size (for inspection and export; allocates).</summary>
    public RgbImage ReadRgb(in TileSpec tile)
    {
        var image = new RgbImage(InputSize, InputSize);
        ReadRgbInto(tile, image.Data);
        return image;
    }

    /// <summary>Reads the tile's region and writes interleaved RGB at the input size into <paramref name="rgb"/>.</summary>
    public void ReadRgbInto(in TileSpec tile, Span<byte> rgb)
    {
        var argb = ReadRegion(tile);
        try
        {
            _transform.ToRgb(argb.AsSpan(0, _readWidth * _readHeight), rgb);
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(argb);
        }
    }

    /// <summary>
    /// Resizes a region already read (premultiplied ARGB of the grid's read size) and writes
    /// interleaved RGB at the input size into <paramref name="rgb"/>.
    /// </summary>
    public void ToRgb(ReadOnlySpan<uint> argb, int readWidth, int readHeight, Span<byte> rgb)
    {
        CheckReadSize(readWidth, readHeight);
        _transform.ToRgb(argb, rgb);
    }

    // Rented from the shared pool; the caller returns it.
    private uint[] ReadRegion(in TileSpec tile)
    {
        var argb = ArrayPool<uint>.Shared.Rent(_readWidth * _readHeight);
        try
        {
            _slide.ReadRegion(tile.X, tile.Y, _level, _readWidth, _readHeight, argb);
            return argb;
        }
        catch
        {
            ArrayPool<uint>.Shared.Return(argb);
            throw;
        }
    }

    private void CheckReadSize(int readWidth, int readHeight)
    {
        if (readWidth != _readWidth || readHeight != _readHeight)
        {
            throw new ArgumentException($"Region is {readWidth}x{readHeight}; this grid reads {_readWidth}x{_readHeight}.");
        }
    }
}
