using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Cluster;

/// <summary>The silos of the cluster and their work, for <c>GET /api/cluster</c> and the dashboard's cluster page.</summary>
public sealed class ClusterService(IGrainFactory grains)
{
    public async Task<Wire.ClusterStatus> GetAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetDetailedHosts(onlyActive: false).ConfigureAwait(false);
        var statistics = await management.GetSimpleGrainStatistics().ConfigureAwait(false);
        var silos = hosts
            .OrderBy(h => h.SiloName, StringComparer.Ordinal)
            .Select(h => new Wire.SiloInfo
            {
                Address = h.SiloAddress.ToString(),
                Name = h.SiloName,
                Status = h.Status.ToString(),
                Activations = statistics.Where(s => s.SiloAddress.Equals(h.SiloAddress))
                    .GroupBy(s => ShortName(s.GrainType))
                    .ToDictionary(g => g.Key, g => g.Sum(s => s.ActivationCount), StringComparer.Ordinal),
            })
            .ToList();
        return new Wire.ClusterStatus { Silos = silos };
    }

    private static string ShortName(string grainType)
    {
        var name = grainType.Split(',')[0];
        return name[(name.LastIndexOf('.') + 1)..];
    }
}
