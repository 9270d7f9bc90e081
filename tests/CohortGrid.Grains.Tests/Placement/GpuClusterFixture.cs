using CohortGrid.Contracts;
using Orleans.TestingHost;

namespace CohortGrid.Grains.Tests.Placement;

/// <summary>Three silos: <see cref="CpuSiloName"/> is a CPU silo, the others (and any added later) are GPU silos.</summary>
public sealed class GpuClusterFixture : IAsyncLifetime
{
    public const string CpuSiloName = "Silo_0";

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Cluster = await PlacementTestCluster.StartAsync(3, siloName => siloName == CpuSiloName ? SiloRoles.Cpu : SiloRoles.Gpu);

    public async ValueTask DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
