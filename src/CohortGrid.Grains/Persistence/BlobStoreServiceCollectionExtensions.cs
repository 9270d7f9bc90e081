using CohortGrid.Grains.Services;
using CohortGrid.Storage;
using CohortGrid.Storage.Blobs;
using CohortGrid.Storage.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CohortGrid.Grains.Persistence;

/// <summary>
/// Registers the silo's <see cref="IBlobStore"/> and what is built on it. Kept here rather than in CohortGrid.Storage
/// so the engine library needs no dependency-injection package.
/// </summary>
public static class BlobStoreServiceCollectionExtensions
{
    /// <summary>Uses a <see cref="FileBlobStore"/> on <paramref name="rootDirectory"/> (shared by every silo that should see the same state).</summary>
    public static IServiceCollection AddFileBlobStore(this IServiceCollection services, string rootDirectory)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        services.AddSingleton<IBlobStore>(_ => new FileBlobStore(rootDirectory));
        return services;
    }

    /// <summary>
    /// The store <paramref name="storage"/> describes (local folder, defaulting to <paramref name="dataDirectory"/>, or
    /// Azure Blob behind the resilience pipeline), the results store on it, and the slide sources: the allowed-location
    /// policy and, with Azure, the silo's blob slide cache.
    /// </summary>
    public static IServiceCollection AddCohortGridStorage(this IServiceCollection services, StorageOptions storage, string dataDirectory, IReadOnlyList<string> allowedRoots)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(storage);
        storage.Validate();
        var data = Path.GetFullPath(dataDirectory);
        services.AddSingleton(sp => BlobStoreFactory.Create(storage, data, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<ConfiguredBlobStore>().Store);
        services.AddSingleton(sp => new ResultStore(
            sp.GetKeyedService<IBlobStore>(ResultStore.StoreKey) ?? sp.GetRequiredService<IBlobStore>(),
            storage.ResultsContainer,
            Path.Combine(data, "tmp")));
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<ConfiguredBlobStore>();
            var policy = new SlideLocationPolicy(allowedRoots, configured.AccountUri, storage.SlideContainers);
            var cache = configured.AccountUri is null
                ? null
                : new BlobSlideCache(
                    configured.Store,
                    storage.SlideCacheDirectory ?? Path.Combine(data, "slide-cache"),
                    (long)(storage.SlideCacheGigabytes * (1L << 30)),
                    sp.GetRequiredService<ILogger<BlobSlideCache>>());
            return new SlideSources(policy, cache);
        });
        return services;
    }
}
