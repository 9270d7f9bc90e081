using CohortGrid.Contracts;
using CohortGrid.Grains.Placement;
using CohortGrid.Testing;

namespace CohortGrid.Grains.Tests.Cohorts;

public sealed class CohortPlacementTests
{
    [Fact]
    public async Task Tile_batches_of_a_cohort_run_only_on_gpu_silos_one_silo_per_slide_spread_over_both()
    {
        using var data = new TempDirectory();
        await using var cluster = await CohortCluster.StartAsync(3, name => name == "Silo_0" ? SiloRoles.Cpu : SiloRoles.Gpu, data.Path);
        var cohort = cluster.Client.GetGrain<ICohortGrain>("placement");

        await cohort.Submit(new CohortSubmission(CohortTestData.Manifest(8), CohortTestData.EncoderId));
        var status = await CohortCluster.WaitAsync(cohort, s => s.IsFinished, TimeSpan.FromSeconds(120));

        Assert.Equal(CohortState.Completed, status.State);
        var silos = cluster.GetActiveSilos().ToDictionary(s => s.SiloAddress, s => s.Name);
        // Ask the runtime where the tile grain activations live.
        var tileType = cluster.Client.GetGrain<ITileGrain>("any/0").GetGrainId().Type;
        var statistics = await cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null, TestContext.Current.CancellationToken);
        var batches = statistics.Where(s => s.GrainId.Type == tileType).Select(s => (Key: s.GrainId.Key.ToString()!, Silo: silos[s.SiloAddress])).ToList();
        Assert.True(batches.Count >= 8, $"only {batches.Count} tile grain activations found");
        Assert.All(batches, b => Assert.NotEqual("Silo_0", b.Silo));
        var bySlide = batches.GroupBy(b => TileSlideKey.Of(b.Key)).ToList();
        Assert.Equal(8, bySlide.Count);
        Assert.All(bySlide, g => Assert.Single(g.Select(b => b.Silo).Distinct()));
        Assert.All(bySlide, g => Assert.Equal(RendezvousHash.Choose(g.Key, ["Silo_1", "Silo_2"]), g.First().Silo));
        Assert.Equal(2, bySlide.Select(g => g.First().Silo).Distinct().Count());
    }

    [Fact]
    public async Task Without_a_gpu_silo_the_cohort_reports_that_it_waits_for_one()
    {
        using var data = new TempDirectory();
        await using var cluster = await CohortCluster.StartAsync(1, _ => SiloRoles.Cpu, data.Path);
        var cohort = cluster.Client.GetGrain<ICohortGrain>("no-gpu");

        await cohort.Submit(new CohortSubmission(CohortTestData.Manifest(2), CohortTestData.EncoderId));
        var status = await CohortCluster.WaitAsync(cohort, s => s.State == CohortState.WaitingForGpu, TimeSpan.FromSeconds(30));

        Assert.Contains("No GPU silo available", status.Message, StringComparison.Ordinal);
        Assert.All(status.Slides, s => Assert.NotEqual(SlideState.Failed, s.State));
    }
}
