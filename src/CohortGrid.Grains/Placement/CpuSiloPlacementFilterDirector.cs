using CohortGrid.Contracts;
using Orleans.Runtime.MembershipService.SiloMetadata;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Keeps the candidate silos whose roles include <see cref="SiloRoles.Cpu"/>; when no candidate has it (a cluster of GPU
/// silos only, or CPU silos whose metadata has not reached the cache yet) keeps them all, so orchestration grains can
/// always be placed.
/// </summary>
/// <remarks>
/// Cohort, slide and registry grains carry this filter: on a cluster with CPU silos they never live on a GPU silo, so
/// scaling GPU silos in (or losing one) never takes a slide's orchestration with it, only tile batches, which slide
/// grains send again. Candidates are the active silos only (Orleans leaves out joining, stopping and dead ones).
/// </remarks>
public sealed class CpuSiloPlacementFilterDirector(ISiloMetadataCache siloMetadataCache)
    : RoleSiloPlacementFilterDirector(siloMetadataCache, SiloRoles.Cpu, fallBackToAllSilos: true);
