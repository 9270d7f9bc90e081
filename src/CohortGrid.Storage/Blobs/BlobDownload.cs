namespace CohortGrid.Storage.Blobs;

/// <summary>An open blob: a read-only stream over one version, with that version's properties.</summary>
public sealed class BlobDownload(Stream content, string eTag, long length, DateTimeOffset lastModified) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public string ETag { get; } = eTag;

    public long Length { get; } = length;

    public DateTimeOffset LastModified { get; } = lastModified;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
