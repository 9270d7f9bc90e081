namespace CohortGrid.Storage.Blobs;

/// <summary>An operation that needs an existing blob (the source of a copy, a slide) found none.</summary>
public sealed class BlobNotFoundException(string container, string blobName)
    : BlobStoreException($"Blob '{blobName}' does not exist in container '{container}'.", container, blobName, 404, "BlobNotFound", isTransient: false);
