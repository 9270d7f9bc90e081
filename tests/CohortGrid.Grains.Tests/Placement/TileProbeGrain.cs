using CohortGrid.Grains.Placement;
using Orleans.Placement;

namespace CohortGrid.Grains.Tests.Placement;

/// <summary>Carries the same placement attributes as the real tile grain, so the tests exercise that combination.</summary>
[GpuSiloPlacementFilter]
[SlideAffinityPlacement]
[Immovable]
public sealed class TileProbeGrain(ILocalSiloDetails siloDetails) : Grain, ITileProbeGrain
{
    /// <inheritdoc />
    public Task<SiloAddress> GetSiloAsync() => Task.FromResult(siloDetails.SiloAddress);
}
