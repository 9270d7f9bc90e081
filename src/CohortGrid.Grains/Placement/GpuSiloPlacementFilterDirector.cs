using CohortGrid.Contracts;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Keeps the candidate silos whose roles include <see cref="SiloRoles.Gpu"/>, and none other: a silo whose metadata has
/// not reached the cache yet is skipped until it does.
/// </summary>
public sealed class GpuSiloPlacementFilterDirector(ISiloMetadataCache siloMetadataCache)
    : RoleSiloPlacementFilterDirector(siloMetadataCache, SiloRoles.Gpu, fallBackToAllSilos: false);
