using System.Runtime.CompilerServices;
using CohortGrid.Storage.Blobs;

namespace CohortGrid.Bench;

/// <summary>
/// A results store that keeps nothing: the "writing off" side of the result-writing benchmark. Writes succeed at
/// once and reads find nothing, so the cohort does all its other work (grain state included) unchanged.
/// </summary>
internal sealed class DiscardingBlobStore : IBlobStore
{
    private long _version;

    public Task<BlobContent?> ReadAsync(string container, string name, CancellationToken cancellationToken = default) => Task.FromResult<BlobContent?>(null);

    public Task<string> WriteAsync(string container, string name, ReadOnlyMemory<byte> content, BlobCondition condition = default, CancellationToken cancellationToken = default) => Task.FromResult(NextETag());

    public Task<bool> DeleteAsync(string container, string name, string? ifMatchETag = null, CancellationToken cancellationToken = default) => Task.FromResult(false);

    public async IAsyncEnumerable<BlobItem> ListAsync(string container, string? prefix = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask.ConfigureAwait(false);
        yield break;
    }

    public Task<BlobDownload?> OpenReadAsync(string container, string name, CancellationToken cancellationToken = default) => Task.FromResult<BlobDownload?>(null);

    public Task<string> UploadFileAsync(string container, string name, string localPath, BlobCondition condition = default, CancellationToken cancellationToken = default) => Task.FromResult(NextETag());

    public Task<BlobItem?> GetPropertiesAsync(string container, string name, CancellationToken cancellationToken = default) => Task.FromResult<BlobItem?>(null);

    public Task<BlobItem?> DownloadToFileAsync(string container, string name, string localPath, string? ifMatchETag = null, CancellationToken cancellationToken = default) => Task.FromResult<BlobItem?>(null);

    public Task<string> CopyAsync(string container, string sourceName, string targetName, BlobCondition condition = default, CancellationToken cancellationToken = default) => Task.FromResult(NextETag());

    private string NextETag() => $"\"{Interlocked.Increment(ref _version)}\"";
}
