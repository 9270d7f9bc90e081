using CohortGrid.Contracts;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Keeps the candidate silos whose <see cref="SiloRoles.MetadataKey"/> metadata includes <see cref="SiloRoles.Gpu"/>.
/// </summary>
/// <remarks>
/// The built-in <c>RequiredMatchSiloMetadataPlacementFilter</c> compares candidates with the calling silo, so a CPU silo
/// placing a tile grain would only accept CPU silos; this filter looks at each candidate's own role instead.
/// A silo whose metadata has not reached the cache yet reads as having no role and is skipped until it does.
/// </remarks>
public sealed class GpuSiloPlacementFilterDirector(ISiloMetadataCache siloMetadataCache) : IPlacementFilterDirector
{
    /// <inheritdoc />
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos) =>
        silos.Where(silo => SiloRoles.Includes(siloMetadataCache.GetSiloMetadata(silo).Metadata.GetValueOrDefault(SiloRoles.MetadataKey), SiloRoles.Gpu));
}
