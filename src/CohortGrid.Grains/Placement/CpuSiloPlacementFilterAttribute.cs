using Orleans.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Prefers CPU silos for activations of the grain class, falling back to any silo when none has the cpu role (see
/// <see cref="CpuSiloPlacementFilterStrategy"/>). Requires
/// <see cref="CohortGridPlacementExtensions.AddCohortGridPlacement(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>
/// and <c>UseSiloMetadata()</c> on every silo.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class CpuSiloPlacementFilterAttribute(int order = 0)
    : PlacementFilterAttribute(new CpuSiloPlacementFilterStrategy(order));
