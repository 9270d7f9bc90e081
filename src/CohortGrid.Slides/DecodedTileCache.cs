namespace CohortGrid.Slides;

/// <summary>
/// Least-recently-used cache of decoded tiles, bounded in bytes. Concurrent requests for the same
/// tile share one decode (the entry holds a <see cref="Lazy{T}"/>), which matters because
/// neighbouring output tiles read by different threads overlap the same source tiles.
/// </summary>
internal sealed class DecodedTileCache(long capacityBytes)
{
    private readonly Dictionary<(int Level, int Tile), LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _order = new();
    private readonly Lock _lock = new();
    private long _bytes;

    public long CapacityBytes { get; } = capacityBytes;

    public uint[] GetOrDecode(int level, int tile, int pixels, Func<uint[]> decode)
    {
        Lazy<uint[]> value;
        lock (_lock)
        {
            if (_entries.TryGetValue((level, tile), out var node))
            {
                _order.Remove(node);
                _order.AddFirst(node);
                value = node.Value.Value;
            }
            else
            {
                value = new Lazy<uint[]>(decode, LazyThreadSafetyMode.ExecutionAndPublication);
                _entries[(level, tile)] = _order.AddFirst(new Entry((level, tile), value, pixels * 4L));
                _bytes += pixels * 4L;
                while (_bytes > CapacityBytes && _order.Count > 1)
                {
                    var last = _order.Last!;
                    _order.RemoveLast();
                    _entries.Remove(last.Value.Key);
                    _bytes -= last.Value.Bytes;
                }
            }
        }

        try
        {
            return value.Value;
        }
        catch
        {
            // A failed decode must not stay cached: the next reader retries (and fails on its own).
            lock (_lock)
            {
                if (_entries.TryGetValue((level, tile), out var node) && ReferenceEquals(node.Value.Value, value))
                {
                    _order.Remove(node);
                    _entries.Remove((level, tile));
                    _bytes -= node.Value.Bytes;
                }
            }

            throw;
        }
    }

    private sealed record Entry((int Level, int Tile) Key, Lazy<uint[]> Value, long Bytes);
}
