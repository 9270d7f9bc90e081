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
    /// <summary>
    /// A <see cref="FileBlobStore"/> on <see cref="StorageOptions.LocalRoot"/> (default <paramref name="dataDirectory"/>),
    /// or an <see cref="AzureBlobStore"/> (connection string, else account URL with <c>DefaultAzureCredential</c>)
    /// behind a <see cref="ResilientBlobStore"/>.
    /// </summary>
    /// <param name="storage">The settings.</param>
    /// <param name="dataDirectory">The cluster's data folder.</param>
    /// <param name="loggers">For the resilience pipeline's retry and circuit logs.</param>
    /// <param name="clientOptions">Azure client options (tests add a request-counting policy); defaults to the store's own.</param>
    public static ConfiguredBlobStore Create(StorageOptions storage, string dataDirectory, ILoggerFactory loggers, Azure.Storage.Blobs.BlobClientOptions? clientOptions = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(loggers);
        storage.Validate();
        if (storage.Kind == StorageKind.Local)
        {
            return new ConfiguredBlobStore(new FileBlobStore(storage.LocalRoot ?? dataDirectory), null);
        }

        var azure = string.IsNullOrWhiteSpace(storage.ConnectionString)
            ? AzureBlobStore.WithDefaultCredential(new Uri(storage.AccountUrl!), clientOptions)
            : new AzureBlobStore(storage.ConnectionString, clientOptions);
        var resilient = new ResilientBlobStore(azure, storage.Resilience, loggers.CreateLogger<ResilientBlobStore>());
        return new ConfiguredBlobStore(resilient, azure.AccountUri);
    }
}
