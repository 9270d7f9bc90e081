using CohortGrid.Grains.Persistence;
using CohortGrid.Storage.Blobs;
using CohortGrid.Testing.Azurite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace CohortGrid.Grains.Tests.Persistence;

/// <summary>
/// The grain-storage conformance suite on <see cref="BlobGrainStorage"/> over an <see cref="AzureBlobStore"/> on a real
/// Azurite: the ETags, conditions and conflicts of the production configuration. Each test has its own container.
/// </summary>
public sealed class AzureBlobGrainStorageTests(AzuriteFixture azurite) : GrainStorageConformanceTests, IClassFixture<AzuriteFixture>, IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();
    private readonly string _container = AzuriteFixture.NewContainerName("grainstate");
    private BlobGrainStorage? _storage;

    protected override IGrainStorage Storage => _storage ??= CreateStorage();

    /// <summary>A second silo: its own <see cref="AzureBlobStore"/> (its own HTTP pipeline) on the same account and container.</summary>
    protected override IGrainStorage CreateOtherSiloStorage() => CreateStorage();

    public void Dispose() => _services.Dispose();

    private BlobGrainStorage CreateStorage()
    {
        var options = new BlobGrainStorageOptions
        {
            Container = _container,
            GrainStorageSerializer = new SystemTextJsonGrainStorageSerializer(Options.Create(new SystemTextJsonGrainStorageSerializerOptions())),
        };
        return new BlobGrainStorage(
            "azure-test",
            options,
            new AzureBlobStore(azurite.Server.ConnectionString),
            Options.Create(new ClusterOptions { ServiceId = "conformance-service", ClusterId = "test-cluster" }),
            _services.GetRequiredService<IActivatorProvider>(),
            NullLogger<BlobGrainStorage>.Instance);
    }
}
