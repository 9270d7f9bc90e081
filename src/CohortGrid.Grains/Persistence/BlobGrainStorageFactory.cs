using CohortGrid.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CohortGrid.Grains.Persistence;

/// <summary>Builds a named <see cref="BlobGrainStorage"/> from the silo's services.</summary>
internal static class BlobGrainStorageFactory
{
    public static BlobGrainStorage Create(IServiceProvider services, string name)
    {
        var options = services.GetRequiredService<IOptionsMonitor<BlobGrainStorageOptions>>().Get(name);

        // A store keyed by the provider name lets one provider use another store than the rest of the silo.
        var store = services.GetKeyedService<IBlobStore>(name)
            ?? services.GetService<IBlobStore>()
            ?? throw new InvalidOperationException(
                $"Grain storage '{name}' needs an {nameof(IBlobStore)}: register one, e.g. services.{nameof(BlobStoreServiceCollectionExtensions.AddFileBlobStore)}(root).");
        return ActivatorUtilities.CreateInstance<BlobGrainStorage>(services, name, options, store);
    }
}
