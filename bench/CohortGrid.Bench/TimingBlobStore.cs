using System.Diagnostics;
using CohortGrid.Storage.Blobs;

namespace CohortGrid.Bench;

/// <summary>
/// The real store, with the time spent inside its calls added up: an upper bound of what writing results costs a
/// cohort (calls overlap other slides' work, so the wall-clock cost is at most this).
/// </summary>
internal sealed class TimingBlobStore(IBlobStore inner) : IBlobStore
{
    private long _ticks;
    private long _calls;

    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _ticks));

    public long Calls => Interlocked.Read(ref _calls);

    public Task<BlobContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default) => Time(inner.ReadAsync(container, name, cancellationToken));

    public Task<string> WriteAsync(string container, string name, ReadOnlyMemory<byte> content, BlobCondition condition = default, CancellationToken cancellationToken = default) =>
        Time(inner.WriteAsync(container, name, content, condition, cancellationToken));

    public Task<bool> DeleteAsync(string container, string name, string? ifMatchETag = null, CancellationToken cancellationToken = default) => Time(inner.DeleteAsync(container, name, ifMatchETag, cancellationToken));

    public IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, CancellationToken cancellationToken = default) => inner.ListAsync(container, prefix, cancellationToken);

    public Task<BlobDownload?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default) => Time(inner.OpenReadAsync(container, name, cancellationToken));

    public Task<string> UploadFileAsync(string container, string name, string localPath, BlobCondition condition = default, CancellationToken cancellationToken = default) =>
        Time(inner.UploadFileAsync(container, name, localPath, condition, cancellationToken));

    public Task<BlobItem?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default) => Time(inner.GetPropertiesAsync(container, name, cancellationToken));

    public Task<BlobItem?> DownloadToFileAsync(string container, string name, string localPath, string? ifMatchETag = null, CancellationToken cancellationToken = default) =>
        Time(inner.DownloadToFileAsync(container, name, localPath, ifMatchETag, cancellationToken));

    public Task<string> CopyAsync(string container, string sourceName, string targetName, BlobCondition condition = default, CancellationToken cancellationToken = default) =>
        Time(inner.CopyAsync(container, sourceName, targetName, condition, cancellationToken));

    private async Task<T> Time<T>(Task<T> call)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await call.ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - started);
            Interlocked.Increment(ref _calls);
        }
    }
}
