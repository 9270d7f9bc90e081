using Orleans.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>
/// Restricts activations of the grain class to GPU silos (see <see cref="GpuSiloPlacementFilterStrategy"/>).
/// Requires <see cref="CohortGridPlacementExtensions.AddCohortGridPlacement(Microsoft.Extensions.DependencyInjection.IServiceCollection)"/>
/// and <c>UseSiloMetadata()</c> on every silo.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GpuSiloPlacementFilterAttribute(int order = 0)
    : PlacementFilterAttribute(new GpuSiloPlacementFilterStrategy(order));
