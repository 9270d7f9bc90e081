using CohortGrid.Contracts;
using CohortGrid.Dashboard.Cohorts;
using Microsoft.Extensions.Logging;
using Wire = CohortGrid.Client;

namespace CohortGrid.Dashboard.Cluster;

/// <summary>
/// The silos of the cluster and their work, for <c>GET /api/cluster</c> and the dashboard's cluster page. Merges three
/// sources, all reached through grain calls, so it works in a co-hosted silo and in an Orleans client process alike:
/// membership (<c>IManagementGrain.GetDetailedHosts</c>, dead and shutting-down silos included), activations per
/// grain type (<c>IManagementGrain.GetSimpleGrainStatistics</c>) and the silos' own work reports
/// (<see cref="IClusterMetricsGrain"/>: role, tiles/s, queue depth, tiles embedded). Totals are over GPU silos that are
/// still up; cohorts running come from the registry. Callers within <see cref="MaxAge"/> of each other share one
/// collection, so dashboards refreshing in many browsers cost the cluster one fan-out.
/// </summary>
public sealed class ClusterService(IGrainFactory grains, ILogger<ClusterService> logger, TimeProvider time)
{
    /// <summary>How long one collection answers later calls.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);

    // One slot: every caller asks for the same thing.
    private readonly StatusCoalescer<int, Wire.ClusterStatus> _latest = new(time, MaxAge);

    /// <summary>The cluster now (at most <see cref="MaxAge"/> old).</summary>
    public Task<Wire.ClusterStatus> GetAsync() => _latest.GetAsync(0, CollectAsync);

    /// <summary>
    /// One silo per membership entry (by name, then address): status from membership, activations from the grain
    /// statistics, role and work from the silo's latest report. A silo that is not up (dead, stopping) shows no rate or
    /// queue but keeps its tiles embedded and when it last reported.
    /// </summary>
    internal static Wire.ClusterStatus Merge(
        IEnumerable<MembershipEntry> hosts,
        IEnumerable<SimpleGrainStatistic> statistics,
        IEnumerable<SiloWorkReport> reports,
        int cohortsRunning)
    {
        var activations = statistics
            .GroupBy(s => s.SiloAddress)
            .ToDictionary(
                silo => silo.Key,
                silo => (IReadOnlyDictionary<string, int>)silo
                    .GroupBy(s => ShortTypeName(s.GrainType), StringComparer.Ordinal)
                    .OrderBy(type => type.Key, StringComparer.Ordinal)
                    .ToDictionary(type => type.Key, type => type.Sum(s => s.ActivationCount), StringComparer.Ordinal));
        var latest = reports
            .GroupBy(r => r.SiloAddress, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.MaxBy(r => r.ReportedAt)!, StringComparer.Ordinal);

        var silos = new List<Wire.SiloInfo>();
        foreach (var host in hosts.OrderBy(h => h.SiloName, StringComparer.Ordinal).ThenBy(h => h.SiloAddress.ToParsableString(), StringComparer.Ordinal))
        {
            var address = host.SiloAddress.ToParsableString();
            var report = latest.GetValueOrDefault(address);
            var up = IsUp(host.Status);
            silos.Add(new Wire.SiloInfo
            {
                Address = address,
                Name = host.SiloName ?? report?.Name ?? "",
                Role = SiloRoles.Normalize(report?.Role),
                Status = host.Status.ToString(),
                Activations = activations.GetValueOrDefault(host.SiloAddress) ?? new Dictionary<string, int>(StringComparer.Ordinal),
                TilesPerSecond = up ? report?.TilesPerSecond ?? 0 : 0,
                QueueDepth = up ? report?.QueueDepth ?? 0 : 0,
                TilesEmbedded = report?.TilesEmbedded ?? 0,
                ReportedAt = report?.ReportedAt,
            });
        }

        var gpu = silos.Where(s => SiloRoles.Includes(s.Role, SiloRoles.Gpu)).ToList();
        return new Wire.ClusterStatus
        {
            Silos = silos,
            TilesPerSecond = gpu.Sum(s => s.TilesPerSecond),
            QueueDepth = gpu.Sum(s => s.QueueDepth),
            CohortsRunning = cohortsRunning,
        };
    }

    /// <summary><c>CohortGrid.Grains.TileGrain,CohortGrid.Grains</c> → <c>TileGrain</c>; generic arguments are dropped.</summary>
    internal static string ShortTypeName(string grainType)
    {
        var name = grainType;
        var cut = name.IndexOfAny([',', '[', '`']);
        if (cut >= 0)
        {
            name = name[..cut];
        }

        return name[(name.LastIndexOf('.') + 1)..];
    }

    private static bool IsUp(SiloStatus status) => status is SiloStatus.Active or SiloStatus.Joining or SiloStatus.ShuttingDown;

    private async Task<Wire.ClusterStatus> CollectAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        var hosts = management.GetDetailedHosts(onlyActive: false);
        var statistics = management.GetSimpleGrainStatistics();
        var reports = ReportsAsync();
        var running = CohortsRunningAsync();
        await Task.WhenAll(hosts, statistics, reports, running).ConfigureAwait(false);
        return Merge(await hosts.ConfigureAwait(false), await statistics.ConfigureAwait(false), await reports.ConfigureAwait(false), await running.ConfigureAwait(false));
    }

    // The figures are an extra: without them the view still lists the silos.
    private async Task<IReadOnlyList<SiloWorkReport>> ReportsAsync()
    {
        try
        {
            return await grains.GetGrain<IClusterMetricsGrain>(0).GetReports().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            ClusterLog.ReportsUnavailable(logger, ex.Message);
            return [];
        }
    }

    private async Task<int> CohortsRunningAsync()
    {
        try
        {
            return (await grains.GetGrain<ICohortRegistryGrain>(0).ListUnfinished().ConfigureAwait(false)).Count;
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            ClusterLog.RegistryUnavailable(logger, ex.Message);
            return 0;
        }
    }
}
