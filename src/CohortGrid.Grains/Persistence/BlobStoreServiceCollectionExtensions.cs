using CohortGrid.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;

namespace CohortGrid.Grains.Persistence;

/// <summary>
/// Registers the silo's <see cref="IBlobStore"/>. Kept here rather than in CohortGrid.Storage so the engine library
/// needs no dependency-injection package.
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
}
