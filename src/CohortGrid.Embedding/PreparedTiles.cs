using System.Buffers;
using CohortGrid.Slides.Preprocessing;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Embedding;

/// <summary>
/// A chunk of tiles read and preprocessed into one pooled tensor, the tiles that failed QC packed
/// out, ready to be submitted as one batch. Dispose returns the tensor to the pool.
/// </summary>
public sealed class PreparedTiles : IDisposable
{
    private float[]? _tensor;

    private PreparedTiles(float[] tensor, int tensorLength, bool[] kept, List<TileSpec> keptTiles)
    {
        _tensor = tensor;
        TensorLength = tensorLength;
        Kept = kept;
        KeptTiles = keptTiles;
    }

    /// <summary>Per input tile: passed QC.</summary>
    public bool[] Kept { get; }

    /// <summary>The tiles that passed, in input order; their tensors are the first rows of <see cref="Input"/>.</summary>
    public IReadOnlyList<TileSpec> KeptTiles { get; }

    public int Dropped => Kept.Length - KeptTiles.Count;

    public int TensorLength { get; }

    /// <summary>CHW tensors of the kept tiles, row after row.</summary>
    public ReadOnlyMemory<float> Input => (_tensor ?? throw new ObjectDisposedException(nameof(PreparedTiles))).AsMemory(0, KeptTiles.Count * TensorLength);

    /// <summary>Reads and preprocesses <paramref name="tiles"/> on all cores.</summary>
    public static PreparedTiles Prepare(TilePreprocessor preprocessor, IReadOnlyList<TileSpec> tiles)
    {
        ArgumentNullException.ThrowIfNull(preprocessor);
        ArgumentNullException.ThrowIfNull(tiles);
        var length = preprocessor.TensorLength;
        var count = tiles.Count;
        var tensor = ArrayPool<float>.Shared.Rent(Math.Max(1, count * length));
        try
        {
            var quality = new TileQcResult[count];
            Parallel.For(0, count, i => quality[i] = preprocessor.Process(tiles[i], tensor.AsSpan(i * length, length)));
            var kept = new bool[count];
            var keptTiles = new List<TileSpec>(count);
            for (var i = 0; i < count; i++)
            {
                if (!quality[i].Passed)
                {
                    continue;
                }

                if (keptTiles.Count != i)
                {
                    tensor.AsSpan(i * length, length).CopyTo(tensor.AsSpan(keptTiles.Count * length, length));
                }

                kept[i] = true;
                keptTiles.Add(tiles[i]);
            }

            return new PreparedTiles(tensor, length, kept, keptTiles);
        }
        catch
        {
            ArrayPool<float>.Shared.Return(tensor);
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _tensor, null) is { } tensor)
        {
            ArrayPool<float>.Shared.Return(tensor);
        }
    }
}
