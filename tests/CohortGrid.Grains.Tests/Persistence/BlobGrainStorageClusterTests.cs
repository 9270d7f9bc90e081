using CohortGrid.Grains.Persistence;
using Orleans.TestingHost;

namespace CohortGrid.Grains.Tests.Persistence;

/// <summary>Blob grain storage inside a real (in-process) silo, with the runtime's default state serializer.</summary>
public sealed class BlobGrainStorageClusterTests
{
    [Fact]
    public async Task State_written_by_a_grain_is_read_back_from_the_folder_after_a_cluster_restart()
    {
        using var root = new TempFolder();
        var serviceId = $"persistence-{Guid.NewGuid():N}";

        await using (var cluster = await StartClusterAsync(root.Path, serviceId))
        {
            var counter = cluster.Client.GetGrain<IPersistentCounterGrain>("slide/TCGA-01");
            await counter.AddAsync(2, "first");
            Assert.Equal(5, await counter.AddAsync(3, "second"));
        }

        var blob = Path.Combine(root.Path, BlobGrainStorageOptions.DefaultContainer, serviceId, "persistentcounter", "slide%2FTCGA-01", "state.json");
        Assert.True(File.Exists(blob), $"No state blob at {blob}; found: {string.Join(", ", Directory.GetFiles(root.Path, "*", SearchOption.AllDirectories))}");
        Assert.Contains("\"Count\":5", await File.ReadAllTextAsync(blob, TestContext.Current.CancellationToken), StringComparison.Ordinal);

        await using (var restarted = await StartClusterAsync(root.Path, serviceId))
        {
            var state = await restarted.Client.GetGrain<IPersistentCounterGrain>("slide/TCGA-01").GetAsync();

            Assert.Equal(5, state.Count);
            Assert.Equal("second", state.Note);
        }
    }

    private static async Task<InProcessTestCluster> StartClusterAsync(string root, string serviceId)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        builder.Options.ServiceId = serviceId;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.Services.AddFileBlobStore(root);
            silo.AddBlobGrainStorage(PersistentCounterGrain.StorageName);
        });

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }
}
