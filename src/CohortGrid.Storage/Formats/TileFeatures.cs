namespace CohortGrid.Storage.Formats;

/// <summary>
/// One slide's tile embeddings: an N×D row-major float32 matrix, the level-0 top-left corner (x, y) of each
/// tile, and optionally the slide-level embedding. Holds the caller's memory without copying it, so a
/// 100k×1024 matrix is never duplicated on its way to disk.
/// </summary>
public sealed class TileFeatures
{
    /// <summary>Wraps the caller's arrays; shapes are checked, values are not copied.</summary>
    /// <param name="features">N×D values, row-major.</param>
    /// <param name="dimension">D, the embedding width.</param>
    /// <param name="coords">N×2 values, row-major: x then y of each tile's level-0 top-left corner.</param>
    /// <param name="slideVector">D values, or empty for none.</param>
    public TileFeatures(ReadOnlyMemory<float> features, int dimension, ReadOnlyMemory<long> coords, ReadOnlyMemory<float> slideVector = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (features.Length % dimension != 0)
        {
            throw new ArgumentException($"{features.Length} feature values do not form rows of {dimension}.", nameof(features));
        }

        var count = features.Length / dimension;
        if (coords.Length != 2L * count)
        {
            throw new ArgumentException($"{count} tiles need {2L * count} coordinate values (x, y per tile), got {coords.Length}.", nameof(coords));
        }

        if (!slideVector.IsEmpty && slideVector.Length != dimension)
        {
            throw new ArgumentException($"The slide vector has {slideVector.Length} values; the features have {dimension} per tile.", nameof(slideVector));
        }

        Features = features;
        Dimension = dimension;
        Count = count;
        Coords = coords;
        SlideVector = slideVector;
    }

    /// <summary>Same as the main constructor with coordinates as (x, y) pairs, which are copied (16 bytes a tile).</summary>
    public TileFeatures(ReadOnlyMemory<float> features, int dimension, ReadOnlySpan<(long X, long Y)> coords, ReadOnlyMemory<float> slideVector = default)
        : this(features, dimension, Flatten(coords), slideVector)
    {
    }

    /// <summary>Number of tiles, N.</summary>
    public int Count { get; }

    /// <summary>Embedding width, D.</summary>
    public int Dimension { get; }

    /// <summary>N×D, row-major.</summary>
    public ReadOnlyMemory<float> Features { get; }

    /// <summary>N×2, row-major: x then y of each tile's top-left corner in level-0 pixels.</summary>
    public ReadOnlyMemory<long> Coords { get; }

    /// <summary>D values, or empty when the slide has no slide-level embedding.</summary>
    public ReadOnlyMemory<float> SlideVector { get; }

    public bool HasSlideVector => !SlideVector.IsEmpty;

    /// <summary>The embedding of tile <paramref name="index"/>.</summary>
    public ReadOnlySpan<float> Row(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        return Features.Span.Slice(index * Dimension, Dimension);
    }

    /// <summary>The level-0 top-left corner of tile <paramref name="index"/>.</summary>
    public (long X, long Y) Coordinate(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
        var coords = Coords.Span;
        return (coords[2 * index], coords[(2 * index) + 1]);
    }

    /// <summary>A slide without tissue: no tiles, still a valid file.</summary>
    public static TileFeatures Empty(int dimension) => new(ReadOnlyMemory<float>.Empty, dimension, ReadOnlyMemory<long>.Empty);

    /// <summary>
    /// Column means of the row-major <paramref name="features"/>, the usual mean-pooled slide embedding;
    /// null when there are no rows, since an empty slide has no mean.
    /// </summary>
    public static float[]? MeanPool(ReadOnlySpan<float> features, int dimension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (features.Length % dimension != 0)
        {
            throw new ArgumentException($"{features.Length} feature values do not form rows of {dimension}.", nameof(features));
        }

        var rows = features.Length / dimension;
        if (rows == 0)
        {
            return null;
        }

        // Summing 100k float32 rows in float32 loses about three digits; double keeps the mean exact to float.
        var sums = new double[dimension];
        for (var row = 0; row < rows; row++)
        {
            var values = features.Slice(row * dimension, dimension);
            for (var i = 0; i < dimension; i++)
            {
                sums[i] += values[i];
            }
        }

        var mean = new float[dimension];
        for (var i = 0; i < dimension; i++)
        {
            mean[i] = (float)(sums[i] / rows);
        }

        return mean;
    }

    private static long[] Flatten(ReadOnlySpan<(long X, long Y)> coords)
    {
        var flat = new long[coords.Length * 2];
        for (var i = 0; i < coords.Length; i++)
        {
            flat[2 * i] = coords[i].X;
            flat[(2 * i) + 1] = coords[i].Y;
        }

        return flat;
    }
}
