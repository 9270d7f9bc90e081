using CohortGrid.Grains.Placement;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace CohortGrid.Grains.Tests.Placement;

/// <summary>
/// Placement of tile grains in a real cluster: one CPU silo and two GPU silos, each publishing its silo name as node name.
/// Every test uses its own slide keys, since activations outlive a test.
/// </summary>
public sealed class SlideAffinityPlacementClusterTests(GpuClusterFixture fixture) : IClassFixture<GpuClusterFixture>
{
    private InProcessTestCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task Tile_grains_are_activated_only_on_gpu_silos_whoever_places_them()
    {
        var cpuSilo = Cluster.GetActiveSilos().Single(silo => silo.Name == GpuClusterFixture.CpuSiloName);
        var fromCpuSilo = Cluster.GetSiloServiceProvider(cpuSilo.SiloAddress).GetRequiredService<IGrainFactory>();
        var gpuSilos = GpuSilosByNode().Values.ToHashSet();

        foreach (var slide in Slides("gpu-only", 10))
        {
            // The CPU silo places grains called from inside it; the built-in metadata filters would keep those on CPU silos.
            Assert.Contains(await fromCpuSilo.GetGrain<ITileProbeGrain>($"{slide}/0").GetSiloAsync(), gpuSilos);
            Assert.Contains(await Cluster.Client.GetGrain<ITileProbeGrain>($"{slide}/1").GetSiloAsync(), gpuSilos);
        }

        var probeType = Cluster.Client.GetGrain<ITileProbeGrain>("any/0").GetGrainId().Type;
        var statistics = await Cluster.Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics(null, null, TestContext.Current.CancellationToken);
        var probeActivations = statistics.Where(statistic => statistic.GrainId.Type == probeType).ToArray();
        Assert.NotEmpty(probeActivations);
        Assert.All(probeActivations, activation => Assert.Contains(activation.SiloAddress, gpuSilos));
    }

    [Fact]
    public async Task All_batches_of_a_slide_land_on_the_silo_its_rendezvous_hash_picks()
    {
        const string Slide = "affinity/slide-x";

        var silos = await Task.WhenAll(Enumerable.Range(0, 16).Select(batch => Cluster.Client.GetGrain<ITileProbeGrain>($"{Slide}/{batch}").GetSiloAsync()));

        Assert.All(silos, silo => Assert.Equal(ExpectedSilo(Slide, GpuSilosByNode()), silo));
    }

    [Fact]
    public async Task Slides_spread_over_both_gpu_silos_as_rendezvous_hashing_predicts()
    {
        var gpuSilos = GpuSilosByNode();
        var slides = Slides("spread", 40);

        var placed = await PlaceAsync(slides, batch: 0);

        Assert.All(slides, slide => Assert.Equal(ExpectedSilo(slide, gpuSilos), placed[slide]));
        Assert.Equal(gpuSilos.Values.ToHashSet(), placed.Values.ToHashSet());
    }

    [Fact]
    public async Task Killing_a_gpu_silo_moves_only_its_own_slides()
    {
        var cancellationToken = TestContext.Current.CancellationToken;

        // Kill a silo added for this test, so the fixture keeps its shape whatever order the tests run in.
        var extra = await Cluster.StartAdditionalSiloAsync();
        await Cluster.WaitForLivenessToStabilizeAsync();
        await PlacementTestCluster.WaitForSiloMetadataAsync(Cluster, cancellationToken);
        var slides = Slides("failover", 40);
        var before = await PlaceAsync(slides, batch: 0);
        Assert.Contains(extra.SiloAddress, before.Values);

        await Cluster.KillSiloAsync(extra, cancellationToken);
        await Cluster.WaitForLivenessToStabilizeAsync(didKill: true);

        var survivors = GpuSilosByNode();
        Assert.DoesNotContain(extra.SiloAddress, survivors.Values);
        var after = await PlaceAsync(slides, batch: 0);
        var nextBatch = await PlaceAsync(slides, batch: 1);
        foreach (var slide in slides)
        {
            var expected = before[slide] == extra.SiloAddress ? ExpectedSilo(slide, survivors) : before[slide];
            Assert.Equal(expected, after[slide]);
            Assert.Equal(expected, nextBatch[slide]);
        }
    }

    private static string[] Slides(string prefix, int count) => [.. Enumerable.Range(0, count).Select(i => $"{prefix}/slide-{i:D2}")];

    private static SiloAddress ExpectedSilo(string slide, IReadOnlyDictionary<string, SiloAddress> silosByNode) =>
        silosByNode[RendezvousHash.Choose(slide, [.. silosByNode.Keys])];

    private IReadOnlyDictionary<string, SiloAddress> GpuSilosByNode() =>
        PlacementTestCluster.SilosByNode(Cluster).Where(silo => silo.Key != GpuClusterFixture.CpuSiloName).ToDictionary();

    private async Task<Dictionary<string, SiloAddress>> PlaceAsync(IEnumerable<string> slides, int batch)
    {
        var placed = new Dictionary<string, SiloAddress>();
        foreach (var slide in slides)
        {
            placed[slide] = await Cluster.Client.GetGrain<ITileProbeGrain>($"{slide}/{batch}").GetSiloAsync();
        }

        return placed;
    }
}
