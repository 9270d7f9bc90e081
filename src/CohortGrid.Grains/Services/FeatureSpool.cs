using System.Buffers;
using System.IO.MemoryMappedFiles;
using System.Runtime.InteropServices;
using CohortGrid.Storage.Formats;
using Microsoft.Win32.SafeHandles;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Holds a slide's tile embeddings on disk while its batches complete in any order, so a 100k-tile
/// slide never has all its features in memory: batch <c>i</c> owns a fixed slot in a scratch file;
/// at the end the kept rows are packed into a second file, which is memory-mapped and written as the
/// HDF5 features file. Coordinates (16 bytes per tile) and the running sum for the slide vector stay
/// in memory.
/// </summary>
internal sealed class FeatureSpool : IDisposable
{
    private readonly string _slotsPath;
    private readonly SafeFileHandle _slots;
    private readonly int _tilesPerBatch;
    private readonly int _dimension;
    private readonly (int Rows, long[] Coordinates)?[] _batches;
    private readonly double[] _sum;
    private readonly Lock _lock = new();

    public FeatureSpool(string path, int batches, int tilesPerBatch, int dimension)
    {
        _slotsPath = path;
        _slots = File.OpenHandle(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
        _tilesPerBatch = tilesPerBatch;
        _dimension = dimension;
        _batches = new (int, long[])?[batches];
        _sum = new double[dimension];
    }

    public int Rows { get; private set; }

    /// <summary>Stores batch <paramref name="index"/>: its kept rows and their level-0 coordinates. Thread-safe.</summary>
    public void Add(int index, ReadOnlySpan<float> rows, long[] coordinates)
    {
        var count = coordinates.Length / 2;
        if (rows.Length != count * _dimension || count > _tilesPerBatch)
        {
            throw new ArgumentException($"Batch {index} has {rows.Length} floats for {count} tiles of dimension {_dimension}.");
        }

        RandomAccess.Write(_slots, MemoryMarshal.AsBytes(rows), SlotOffset(index));
        lock (_lock)
        {
            if (_batches[index] is not null)
            {
                return; // a retried batch that already arrived
            }

            _batches[index] = (count, coordinates);
            Rows += count;
            for (var r = 0; r < count; r++)
            {
                var row = rows.Slice(r * _dimension, _dimension);
                for (var d = 0; d < _dimension; d++)
                {
                    _sum[d] += row[d];
                }
            }
        }
    }

    public bool IsComplete => _batches.All(b => b is not null);

    /// <summary>Mean of the stored rows (zeros when none).</summary>
    public float[] SlideVector() => [.. _sum.Select(s => Rows == 0 ? 0f : (float)(s / Rows))];

    /// <summary>Writes the features file: rows and coordinates in batch order, and the slide vector.</summary>
    public void WriteFeatures(string path, TileFeatureMetadata metadata, CancellationToken cancellationToken)
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException("Not every batch has been stored.");
        }

        var coordinates = _batches.SelectMany(b => b!.Value.Coordinates).ToArray();
        var vector = SlideVector();
        if (Rows == 0)
        {
            TileFeatureFile.Write(path, TileFeatures.Empty(_dimension), metadata, cancellationToken: cancellationToken);
            return;
        }

        var packedPath = _slotsPath + ".packed";
        try
        {
            Pack(packedPath);
            using var map = MemoryMappedFile.CreateFromFile(packedPath, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = map.CreateViewAccessor(0, (long)Rows * _dimension * sizeof(float), MemoryMappedFileAccess.Read);
            using var features = new MappedFloats(view, Rows * _dimension);
            TileFeatureFile.Write(path, new TileFeatures(features.Memory, _dimension, coordinates, vector), metadata, cancellationToken: cancellationToken);
        }
        finally
        {
            File.Delete(packedPath);
        }
    }

    public void Dispose() => _slots.Dispose();

    private long SlotOffset(int index) => (long)index * _tilesPerBatch * _dimension * sizeof(float);

    private void Pack(string packedPath)
    {
        using var packed = File.OpenHandle(packedPath, FileMode.Create, FileAccess.Write);
        var buffer = ArrayPool<byte>.Shared.Rent(_tilesPerBatch * _dimension * sizeof(float));
        try
        {
            long offset = 0;
            for (var i = 0; i < _batches.Length; i++)
            {
                var bytes = _batches[i]!.Value.Rows * _dimension * sizeof(float);
                RandomAccess.Read(_slots, buffer.AsSpan(0, bytes), SlotOffset(i));
                RandomAccess.Write(packed, buffer.AsSpan(0, bytes), offset);
                offset += bytes;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A memory-mapped view exposed as <see cref="Memory{T}"/> of floats.</summary>
    private sealed unsafe class MappedFloats : MemoryManager<float>
    {
        private readonly MemoryMappedViewAccessor _view;
        private readonly byte* _pointer;
        private readonly int _length;

        public MappedFloats(MemoryMappedViewAccessor view, int length)
        {
            _view = view;
            _length = length;
            byte* pointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
            _pointer = pointer + view.PointerOffset;
        }

        public override Span<float> GetSpan() => new(_pointer, _length);

        public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + (elementIndex * sizeof(float)));

        public override void Unpin()
        {
        }

        protected override void Dispose(bool disposing) => _view.SafeMemoryMappedViewHandle.ReleasePointer();
    }
}
