using CohortGrid.Contracts;
using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Keeps the candidate silos whose <see cref="SiloRoles.MetadataKey"/> metadata includes <paramref name="role"/>; when
/// none does, keeps them all if <paramref name="fallBackToAllSilos"/>, else none.
/// </summary>
/// <remarks>
/// The built-in <c>RequiredMatchSiloMetadataPlacementFilter</c> compares candidates with the calling silo, so a CPU silo
/// placing a tile grain would only accept CPU silos; this filter looks at each candidate's own role instead.
/// A silo whose metadata has not reached the cache yet reads as having no role.
/// Orleans finds a director by its strategy's type, so each role keeps its own strategy, attribute and sealed director.
/// </remarks>
public abstract class RoleSiloPlacementFilterDirector(ISiloMetadataCache siloMetadataCache, string role, bool fallBackToAllSilos) : IPlacementFilterDirector
{
    /// <inheritdoc />
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos)
    {
        var candidates = silos.ToList();
        var withRole = candidates.Where(silo => SiloRoles.Includes(siloMetadataCache.GetSiloMetadata(silo).Metadata.GetValueOrDefault(SiloRoles.MetadataKey), role)).ToList();
        return withRole.Count > 0 || !fallBackToAllSilos ? withRole : candidates;
    }
}
