using Orleans.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Placement filter that keeps only silos whose <c>cohortgrid.role</c> metadata includes <c>gpu</c>.
/// Applied with <see cref="GpuSiloPlacementFilterAttribute"/>; the work is done by <see cref="GpuSiloPlacementFilterDirector"/>.
/// </summary>
public sealed class GpuSiloPlacementFilterStrategy(int order) : PlacementFilterStrategy(order)
{
    /// <summary>Used by <c>AddPlacementFilter</c>, which resolves strategies from DI and initializes them from grain properties.</summary>
    public GpuSiloPlacementFilterStrategy()
        : this(0)
    {
    }
}
