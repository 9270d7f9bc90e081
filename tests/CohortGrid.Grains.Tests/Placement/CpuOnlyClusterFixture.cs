using CohortGrid.Contracts;
using Orleans.TestingHost;

namespace CohortGrid.Grains.Tests.Placement;

/// <summary>A single CPU silo: enough to show what placing a GPU-only grain does when no GPU silo exists.</summary>
public sealed class CpuOnlyClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync() => Cluster = await PlacementTestCluster.StartAsync(1, _ => SiloRoles.Cpu);

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
