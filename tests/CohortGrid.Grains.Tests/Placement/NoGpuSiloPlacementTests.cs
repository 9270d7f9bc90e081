namespace CohortGrid.Grains.Tests.Placement;

public sealed class NoGpuSiloPlacementTests(CpuOnlyClusterFixture fixture) : IClassFixture<CpuOnlyClusterFixture>
{
    [Fact]
    public async Task Calling_a_tile_grain_without_any_gpu_silo_fails_with_no_compatible_silo()
    {
        var probe = fixture.Cluster.Client.GetGrain<ITileProbeGrain>("slide-without-gpu/0");

        var exception = await Assert.ThrowsAnyAsync<Exception>(probe.GetSiloAsync);

        TestContext.Current.SendDiagnosticMessage($"{exception.GetType().FullName}: {exception.Message}");
        Assert.IsType<OrleansException>(exception);
        Assert.StartsWith("No active nodes are compatible with grain", exception.Message, StringComparison.Ordinal);
    }
}
