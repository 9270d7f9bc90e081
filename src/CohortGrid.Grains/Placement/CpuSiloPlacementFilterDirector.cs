using CohortGrid.Contracts;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Keeps the candidate silos whose <see cref="SiloRoles.MetadataKey"/> metadata includes <see cref="SiloRoles.Cpu"/>; when
/// no candidate has it (a cluster of GPU silos only, or CPU silos whose metadata has not reached the cache yet) keeps
/// them all, so orchestration grains can always be placed.
/// </summary>
/// <remarks>
/// Cohort, slide and registry grains carry this filter: on a cluster with CPU silos they never live on a GPU silo, so
/// scaling GPU silos in (or losing one) never takes a slide's orchestration with it, only tile batches, which slide
/// grains send again. Candidates are the active silos only (Orleans leaves out joining, stopping and dead ones).
/// </remarks>
public sealed class CpuSiloPlacementFilterDirector(ISiloMetadataCache siloMetadataCache) : IPlacementFilterDirector
{
    /// <inheritdoc />
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos) =>
        Prefer(silos, silo => siloMetadataCache.GetSiloMetadata(silo).Metadata.GetValueOrDefault(SiloRoles.MetadataKey));

    /// <summary>The silos among <paramref name="silos"/> whose roles include cpu, or all of them when none does.</summary>
    internal static IEnumerable<SiloAddress> Prefer(IEnumerable<SiloAddress> silos, Func<SiloAddress, string?> rolesOf)
    {
        var candidates = silos.ToList();
        var cpu = candidates.Where(silo => SiloRoles.Includes(rolesOf(silo), SiloRoles.Cpu)).ToList();
        return cpu.Count > 0 ? cpu : candidates;
    }
}
