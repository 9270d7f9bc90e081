using System.Buffers;
using CohortGrid.Storage.Formats;

namespace CohortGrid.Storage.Tests;

/// <summary>Random tile features and the metadata the tests write with them.</summary>
internal static class TestFeatures
{
    public static TileFeatureMetadata Metadata { get; } = new()
    {
        SlideId = "TCGA-A1-0001-01Z-00-DX1",
        EncoderId = "uni_v2",
        EncoderVersion = "2.0.1",
        Mpp = 0.5,
        TileSize = 224,
        Level0Mpp = 0.2428,
    };

    public static float[] RandomFeatures(int count, int dimension, int seed)
    {
        var random = new Random(seed);
        var features = new float[count * dimension];
        for (var i = 0; i < features.Length; i++)
        {
            features[i] = (float)((random.NextDouble() * 8) - 4);
        }

        return features;
    }

    /// <summary>A tile grid in level-0 pixels, past 2^32 in x so a 32-bit truncation would show.</summary>
    public static long[] GridCoords(int count)
    {
        var coords = new long[count * 2];
        for (var i = 0; i < count; i++)
        {
            coords[2 * i] = 5_000_000_000L + (448L * (i % 7));
            coords[(2 * i) + 1] = 448L * (i / 7);
        }

        return coords;
    }

    public static TileFeatures Random(int count, int dimension, int seed, bool slideVector = true)
    {
        var features = RandomFeatures(count, dimension, seed);
        var mean = slideVector ? TileFeatures.MeanPool(features, dimension) : null;
        return new TileFeatures(features, dimension, GridCoords(count), mean);
    }
}

/// <summary>
/// Memory that is not an array, so writers must read it through <see cref="GetSpan"/> block by block;
/// <paramref name="onRead"/> sees each read's ordinal and may throw or cancel, to fail a write midway.
/// </summary>
internal sealed class ObservedMemory<T>(T[] data, Action<int> onRead) : MemoryManager<T>
    where T : unmanaged
{
    private int _reads;

    public override Span<T> GetSpan()
    {
        onRead(++_reads);
        return data;
    }

    public override MemoryHandle Pin(int elementIndex = 0) => throw new NotSupportedException("Not pinned by the writers.");

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
