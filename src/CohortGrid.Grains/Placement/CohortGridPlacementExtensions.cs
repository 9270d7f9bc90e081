using Microsoft.Extensions.DependencyInjection;
using Orleans.Placement;

namespace CohortGrid.Grains.Placement;

/// <summary>Registers CohortGrid's placement filters and placement director on a silo.</summary>
public static class CohortGridPlacementExtensions
{
    /// <summary>
    /// Registers <see cref="GpuSiloPlacementFilterStrategy"/>, <see cref="CpuSiloPlacementFilterStrategy"/> and
    /// <see cref="SlideAffinityPlacement"/> with their directors.
    /// Every silo must also call <c>UseSiloMetadata()</c>: both directors read roles and node names from
    /// <see cref="Orleans.Runtime.MembershipService.SiloMetadata.ISiloMetadataCache"/>, which only that call registers.
    /// </summary>
    public static IServiceCollection AddCohortGridPlacement(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        // Transient, not singleton: Orleans calls Initialize on the resolved strategy for each grain type, which overwrites
        // its Order, so a shared instance would let one grain type's order leak into another's.
        services.AddPlacementFilter<GpuSiloPlacementFilterStrategy, GpuSiloPlacementFilterDirector>(ServiceLifetime.Transient);
        services.AddPlacementFilter<CpuSiloPlacementFilterStrategy, CpuSiloPlacementFilterDirector>(ServiceLifetime.Transient);
        services.AddPlacementDirector<SlideAffinityPlacement, SlideAffinityPlacementDirector>();
        return services;
    }

    /// <inheritdoc cref="AddCohortGridPlacement(IServiceCollection)"/>
    public static ISiloBuilder AddCohortGridPlacement(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddCohortGridPlacement();
        return builder;
    }
}
