using Orleans.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Marks a string-keyed grain class (key <c>{slideKey}/{batchIndex}</c>) as placed by <see cref="SlideAffinityPlacement"/>.
/// Combine with <see cref="GpuSiloPlacementFilterAttribute"/> to hash over GPU silos only, and with <c>[Immovable]</c>
/// so the rebalancer does not undo the affinity.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SlideAffinityPlacementAttribute() : PlacementAttribute(SlideAffinityPlacement.Singleton);
