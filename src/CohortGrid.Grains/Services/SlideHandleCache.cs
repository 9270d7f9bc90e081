using CohortGrid.Slides;
using Microsoft.Extensions.Options;

namespace CohortGrid.Grains.Services;

/// <summary>
/// Open slide handles on this silo, least recently used first out. Tile grains of one slide land on
/// one silo, so they share one handle and its decoded-tile cache.
/// </summary>
public sealed class SlideHandleCache(IOptions<CohortGridOptions> options) : IDisposable
{
    private readonly Dictionary<string, Lease> _open = new(StringComparer.Ordinal);
    private readonly LinkedList<string> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Borrows the slide at <paramref name="path"/>; dispose the lease when done.</summary>
    public SlideLease Open(string path)
    {
        Lease? lease;
        lock (_lock)
        {
            if (_open.TryGetValue(path, out lease))
            {
                _order.Remove(lease.Node);
                _order.AddFirst(lease.Node);
                lease.Users++;
                return new SlideLease(this, lease);
            }
        }

        var slide = SlideImage.Open(path);
        lock (_lock)
        {
            if (_open.TryGetValue(path, out lease))
            {
                slide.Dispose(); // another caller opened it meanwhile
            }
            else
            {
                lease = new Lease(path, slide, _order.AddFirst(path));
                _open[path] = lease;
                Evict();
            }

            lease.Users++;
            return new SlideLease(this, lease);
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var lease in _open.Values)
            {
                lease.Slide.Dispose();
            }

            _open.Clear();
            _order.Clear();
        }
    }

    private void Release(Lease lease)
    {
        lock (_lock)
        {
            lease.Users--;
            if (lease.Evicted && lease.Users == 0)
            {
                lease.Slide.Dispose();
            }
        }
    }

    // Handles still in use are closed by their last user.
    private void Evict()
    {
        while (_open.Count > Math.Max(1, options.Value.SlideHandleCacheSize))
        {
            var path = _order.Last!.Value;
            _order.RemoveLast();
            var lease = _open[path];
            _open.Remove(path);
            lease.Evicted = true;
            if (lease.Users == 0)
            {
                lease.Slide.Dispose();
            }
        }
    }

    /// <summary>A borrowed slide.</summary>
    public readonly struct SlideLease : IDisposable
    {
        private readonly SlideHandleCache _cache;
        private readonly Lease _lease;

        internal SlideLease(SlideHandleCache cache, Lease lease)
        {
            _cache = cache;
            _lease = lease;
        }

        public SlideImage Slide => _lease.Slide;

        public void Dispose() => _cache.Release(_lease);
    }

    internal sealed class Lease(string path, SlideImage slide, LinkedListNode<string> node)
    {
        public string Path { get; } = path;

        public SlideImage Slide { get; } = slide;

        public LinkedListNode<string> Node { get; } = node;

        public int Users { get; set; }

        public bool Evicted { get; set; }
    }
}
