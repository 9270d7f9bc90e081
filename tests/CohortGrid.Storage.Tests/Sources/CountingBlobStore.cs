using CohortGrid.Storage.Blobs;

namespace CohortGrid.Storage.Tests.Sources;

/// <summary>A real store with a count of the calls that reach it, and an optional pause inside downloads.</summary>
internal sealed class CountingBlobStore(IBlobStore inner) : IBlobStore
{
    private int _downloads;
    private int _properties;

    public int Downloads => Volatile.Read(ref _downloads);

    public int PropertyRequests => Volatile.Read(ref _properties);

    /// <summary>Awaited inside each download before the bytes are copied, so tests can hold downloads in flight.</summary>
    public Task DownloadGate { get; set; } = Task.CompletedTask;

    public Task<BlobContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default) => inner.ReadAsync(container, name, cancellationToken);

    public Task<string> WriteAsync(string container, string name, ReadOnlyMemory<byte> content, BlobCondition condition = default, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(container, name, content, condition, cancellationToken);

    public Task<bool> DeleteAsync(string container, string name, string? ifMatchETag = null, CancellationToken cancellationToken = default) => inner.DeleteAsync(container, name, ifMatchETag, cancellationToken);

    public IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, CancellationToken cancellationToken = default) => inner.ListAsync(container, prefix, cancellationToken);

    public Task<BlobDownload?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default) => inner.OpenReadAsync(container, name, cancellationToken);

    public Task<string> UploadFileAsync(string container, string name, string localPath, BlobCondition condition = default, CancellationToken cancellationToken = default) =>
        inner.UploadFileAsync(container, name, localPath, condition, cancellationToken);

    public Task<BlobItem?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _properties);
        return inner.GetPropertiesAsync(container, name, cancellationToken);
    }

    public async Task<BlobItem?> DownloadToFileAsync(string container, string name, string localPath, string? ifMatchETag = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _downloads);
        await DownloadGate.WaitAsync(cancellationToken);
        return await inner.DownloadToFileAsync(container, name, localPath, ifMatchETag, cancellationToken);
    }

    public Task<string> CopyAsync(string container, string sourceName, string targetName, BlobCondition condition = default, CancellationToken cancellationToken = default) =>
        inner.CopyAsync(container, sourceName, targetName, condition, cancellationToken);
}
