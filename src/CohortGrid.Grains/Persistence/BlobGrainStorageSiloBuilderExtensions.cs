using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace CohortGrid.Grains.Persistence;

/// <summary>Registers <see cref="BlobGrainStorage"/> providers on a silo.</summary>
public static class BlobGrainStorageSiloBuilderExtensions
{
    /// <summary>
    /// Adds blob grain storage under <paramref name="name"/> (the name grains give in
    /// <c>[PersistentState("state", name)]</c>). It uses the <see cref="CohortGrid.Storage.Blobs.IBlobStore"/> registered
    /// under that name if any, else the silo's (see <see cref="BlobStoreServiceCollectionExtensions.AddFileBlobStore"/>).
    /// </summary>
    public static ISiloBuilder AddBlobGrainStorage(this ISiloBuilder builder, string name, Action<BlobGrainStorageOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var options = builder.Services.AddOptions<BlobGrainStorageOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IPostConfigureOptions<BlobGrainStorageOptions>, DefaultStorageProviderSerializerOptionsConfigurator<BlobGrainStorageOptions>>());
        builder.Services.AddGrainStorage(name, BlobGrainStorageFactory.Create);
        return builder;
    }

    /// <summary>Adds blob grain storage as the default provider (state declared without a storage name).</summary>
    public static ISiloBuilder AddBlobGrainStorageAsDefault(this ISiloBuilder builder, Action<BlobGrainStorageOptions>? configure = null) =>
        builder.AddBlobGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);
}
