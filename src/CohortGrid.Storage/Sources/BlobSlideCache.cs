using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Text;
using CohortGrid.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CohortGrid.Storage.Sources;

/// <summary>
/// Local copies of blob slides on one silo: OpenSlide needs a file, so a blob slide is downloaded once and then
/// read from disk by every grain on the silo. Entries are keyed by the blob's ETag (a replaced slide is a new
/// entry), bounded in bytes and evicted least recently used first; concurrent requests for one slide share one
/// download. The folder survives restarts: entries found there at start are used again.
/// </summary>
/// <remarks>
/// An entry is <c>{folder}/{key}/{file name}</c>, written as <c>.partial</c> and renamed when complete, so a
/// crash mid-download never leaves a truncated slide behind. Evicting a file that a grain still has open is
/// safe on Linux (the open handle keeps the data), and the next request downloads it again.
/// </remarks>
public sealed partial class BlobSlideCache
{
    private const string PartialSuffix = ".partial";

    private static readonly Meter Meter = new("CohortGrid.Storage");
    private static readonly Counter<long> DownloadCounter = Meter.CreateCounter<long>("cohortgrid.slide_cache.downloads", description: "Blob slides downloaded into a silo's slide cache");
    private static readonly Counter<long> DownloadedBytes = Meter.CreateCounter<long>("cohortgrid.slide_cache.downloaded_bytes", "By");
    private static readonly Counter<long> HitCounter = Meter.CreateCounter<long>("cohortgrid.slide_cache.hits", description: "Blob slide requests served from the cache");

    private readonly IBlobStore _store;
    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _downloads = new(StringComparer.Ordinal);
    private long _bytes;
    private long _clock;
    private long _downloadCount;
    private long _hitCount;

    /// <param name="store">Where the slides are.</param>
    /// <param name="directory">Local folder for the copies (created if missing).</param>
    /// <param name="maxBytes">Size the cache is kept under; a single larger slide is still downloaded, alone.</param>
    /// <param name="logger">Logs downloads and evictions.</param>
    public BlobSlideCache(IBlobStore store, string directory, long maxBytes, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        _store = store;
        _directory = Path.GetFullPath(directory);
        _maxBytes = maxBytes;
        _logger = logger ?? NullLogger.Instance;
        Directory.CreateDirectory(_directory);
        LoadExisting();
    }

    /// <summary>Slides downloaded by this cache since it was created.</summary>
    public long Downloads => Interlocked.Read(ref _downloadCount);

    /// <summary>Requests answered from a copy already on disk.</summary>
    public long Hits => Interlocked.Read(ref _hitCount);

    /// <summary>Bytes held on disk now.</summary>
    public long Bytes
    {
        get
        {
            lock (_lock)
            {
                return _bytes;
            }
        }
    }

    /// <summary>
    /// The local file holding the slide's current version (one properties request), or version
    /// <paramref name="eTag"/> when given (no request at all when that version is cached).
    /// </summary>
    /// <exception cref="BlobNotFoundException">There is no such blob.</exception>
    /// <exception cref="BlobConditionFailedException">The blob no longer has ETag <paramref name="eTag"/>.</exception>
    public async Task<CachedSlide> GetAsync(string container, string name, string? eTag = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(container);
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (eTag is null)
        {
            var properties = await _store.GetPropertiesAsync(container, name, cancellationToken).ConfigureAwait(false)
                ?? throw new BlobNotFoundException(container, name);
            eTag = properties.ETag;
        }

        var key = Key(container, name, eTag);
        if (TryTouch(key) is { } cached)
        {
            Interlocked.Increment(ref _hitCount);
            HitCounter.Add(1);
            return new CachedSlide(cached, eTag);
        }

        // One download per key however many grains ask at once; a failed download is forgotten so the next request tries again.
        var download = _downloads.GetOrAdd(key, k => new Lazy<Task<string>>(() => DownloadAsync(container, name, eTag, k)));
        var path = await download.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new CachedSlide(path, eTag);
    }

    private async Task<string> DownloadAsync(string container, string name, string eTag, string key)
    {
        // Not the caller's token: other callers may be waiting on this download.
        await Task.Yield();
        var folder = Path.Combine(_directory, key);
        Directory.CreateDirectory(folder);
        var target = Path.Combine(folder, FileName(name));
        var partial = target + PartialSuffix;
        try
        {
            var item = await _store.DownloadToFileAsync(container, name, partial, eTag).ConfigureAwait(false)
                ?? throw new BlobNotFoundException(container, name);
            File.Move(partial, target, overwrite: true);
            Interlocked.Increment(ref _downloadCount);
            DownloadCounter.Add(1);
            DownloadedBytes.Add(item.Size);
            LogDownloaded(_logger, container, name, item.Size);
            Add(key, target, item.Size);
            return target;
        }
        catch
        {
            File.Delete(partial);
            throw;
        }
        finally
        {
            // Done either way: later requests find the entry, or start a new download after a failure.
            _downloads.TryRemove(key, out _);
        }
    }

    private string? TryTouch(string key)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var entry) && File.Exists(entry.Path))
            {
                entry.LastUsed = ++_clock;
                return entry.Path;
            }

            if (entry is not null)
            {
                // Deleted behind the cache's back: forget it and download again.
                _entries.Remove(key);
                _bytes -= entry.Size;
            }

            return null;
        }
    }

    private void Add(string key, string path, long size)
    {
        List<Entry> evicted;
        lock (_lock)
        {
            if (_entries.Remove(key, out var previous))
            {
                _bytes -= previous.Size;
            }

            _entries[key] = new Entry(key, path, size) { LastUsed = ++_clock };
            _bytes += size;
            evicted = [];
            while (_bytes > _maxBytes && _entries.Count > 1)
            {
                var oldest = _entries.Values.Where(e => e.Key != key).MinBy(e => e.LastUsed)!;
                _entries.Remove(oldest.Key);
                _bytes -= oldest.Size;
                evicted.Add(oldest);
            }
        }

        foreach (var entry in evicted)
        {
            TryDeleteFolder(Path.GetDirectoryName(entry.Path)!);
            LogEvicted(_logger, entry.Path, entry.Size);
        }
    }

    private void LoadExisting()
    {
        foreach (var folder in Directory.EnumerateDirectories(_directory))
        {
            var files = Directory.GetFiles(folder);
            var complete = files.Where(f => !f.EndsWith(PartialSuffix, StringComparison.Ordinal)).ToList();
            if (complete.Count != 1)
            {
                TryDeleteFolder(folder); // an interrupted download, or something that is not an entry
                continue;
            }

            var info = new FileInfo(complete[0]);
            foreach (var leftover in files.Where(f => f.EndsWith(PartialSuffix, StringComparison.Ordinal)))
            {
                File.Delete(leftover);
            }

            // Oldest first, so the order of last use survives the restart approximately.
            _entries[Path.GetFileName(folder)] = new Entry(Path.GetFileName(folder), info.FullName, info.Length) { LastUsed = info.LastAccessTimeUtc.Ticks };
            _bytes += info.Length;
        }

        _clock = _entries.Count == 0 ? 0 : _entries.Values.Max(e => e.LastUsed);
    }

    private static void TryDeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // Another process may still be writing there; a later start cleans it up.
        }
    }

    private static string Key(string container, string name, string eTag) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{container}\n{name}\n{eTag}")))[..32];

    // OpenSlide picks the vendor format partly by extension, so the copy keeps the blob's file name.
    private static string FileName(string name)
    {
        var file = name[(name.LastIndexOf('/') + 1)..];
        return file.Length == 0 || file.EndsWith(PartialSuffix, StringComparison.Ordinal) ? "slide" : file;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Slide cache: downloaded blob {BlobName} from container {Container} ({Bytes} bytes)")]
    private static partial void LogDownloaded(ILogger logger, string container, string blobName, long bytes);

    [LoggerMessage(Level = LogLevel.Information, Message = "Slide cache: evicted {Path} ({Bytes} bytes)")]
    private static partial void LogEvicted(ILogger logger, string path, long bytes);

    private sealed class Entry(string key, string path, long size)
    {
        public string Key { get; } = key;

        public string Path { get; } = path;

        public long Size { get; } = size;

        public long LastUsed { get; set; }
    }
}
