using CohortGrid.Storage;
using CohortGrid.Storage.Blobs;
using Microsoft.Extensions.Logging;

namespace CohortGrid.Grains.Persistence;

/// <summary>The silo's blob store and, for Azure, the account blob slides may come from.</summary>
/// <param name="Store">The store every component of the silo uses.</param>
/// <param name="AccountUri">The Azure account's blob endpoint; <see langword="null"/> for the local store.</param>
public sealed record ConfiguredBlobStore(IBlobStore Store, Uri? AccountUri);

/// <summary>Builds the store <see cref="StorageOptions"/> describes.</summary>
public static class BlobStoreFactory
{
    public static ConfiguredBlobStore Create(StorageOptions storage, string dataDirectory, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(loggers);
        storage.Validate();
        if (storage.Kind == StorageKind.Local)
        {
            return new ConfiguredBlobStore(new FileBlobStore(storage.LocalRoot ?? dataDirectory), null);
        }

        throw new NotSupportedException("Azure Blob storage is being wired up.");
    }
}
