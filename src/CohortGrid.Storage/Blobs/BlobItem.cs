namespace CohortGrid.Storage.Blobs;

/// <summary>A blob as listed by <see cref="IBlobStore.ListAsync"/>.</summary>
/// <param name="Name">Full blob name within its container, <c>/</c>-separated.</param>
/// <param name="Size">Length in bytes.</param>
/// <param name="ETag">Version stamp at the time of listing.</param>
/// <param name="LastModified">When this version was written.</param>
public sealed record BlobItem(string Name, long Size, string ETag, DateTimeOffset LastModified);
