using CohortGrid.Contracts;
using CohortGrid.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.TestingHost;

namespace CohortGrid.Grains.Tests.Placement;

/// <summary>Starts in-process clusters whose silos publish a role and a node name (the silo name) as silo metadata.</summary>
internal static class PlacementTestCluster
{
    public static async Task<InProcessTestCluster> StartAsync(short silos, Func<string, string> roleOfSilo)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((options, siloBuilder) =>
        {
            siloBuilder.UseSiloMetadata(new Dictionary<string, string>
            {
                [SiloRoles.MetadataKey] = roleOfSilo(options.SiloName),
                [SiloRoles.NodeMetadataKey] = options.SiloName,
            });
            siloBuilder.Services.AddCohortGridPlacement();

            // With homogeneous silos assumed, Orleans skips placement filters altogether and any silo would do. The
            // in-process cluster leaves this false today although its builder options default to true, so pin it.
            siloBuilder.Services.PostConfigure<SiloMessagingOptions>(o => o.AssumeHomogenousSilosForTesting = false);
        });

        var cluster = builder.Build();
        await cluster.DeployAsync();
        await WaitForSiloMetadataAsync(cluster, CancellationToken.None);
        return cluster;
    }

    /// <summary>
    /// Waits until every silo's metadata cache knows every other silo's role: the cache fills in the background from
    /// membership updates, and until it does the GPU filter treats a silo as having no role.
    /// </summary>
    public static async Task WaitForSiloMetadataAsync(InProcessTestCluster cluster, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (!AllSilosKnowAllRoles(cluster))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeout.Token);
        }
    }

    /// <summary>The silo address of each live silo, by node name (the silo name).</summary>
    public static IReadOnlyDictionary<string, SiloAddress> SilosByNode(InProcessTestCluster cluster) =>
        cluster.GetActiveSilos().ToDictionary(silo => silo.Name, silo => silo.SiloAddress);

    private static bool AllSilosKnowAllRoles(InProcessTestCluster cluster)
    {
        var silos = cluster.GetActiveSilos().ToArray();
        return silos.All(observer =>
        {
            var cache = observer.ServiceProvider.GetRequiredService<ISiloMetadataCache>();
            return silos.All(observed => cache.GetSiloMetadata(observed.SiloAddress).Metadata.ContainsKey(SiloRoles.MetadataKey));
        });
    }
}
