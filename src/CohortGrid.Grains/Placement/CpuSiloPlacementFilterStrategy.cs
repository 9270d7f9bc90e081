using Orleans.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Placement filter that keeps the silos whose <c>cohortgrid.role</c> metadata includes <c>cpu</c>, or every candidate
/// when none does. Applied with <see cref="CpuSiloPlacementFilterAttribute"/>; the work is done by
/// <see cref="CpuSiloPlacementFilterDirector"/>.
/// </summary>
public sealed class CpuSiloPlacementFilterStrategy(int order) : PlacementFilterStrategy(order)
{
    /// <summary>Used by <c>AddPlacementFilter</c>, which resolves strategies from DI and initializes them from grain properties.</summary>
    public CpuSiloPlacementFilterStrategy()
        : this(0)
    {
    }
}
