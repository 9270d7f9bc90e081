using System.Net;
using CohortGrid.Grains.Placement;

namespace CohortGrid.Grains.Tests.Placement;

public sealed class SlideAffinityPlacementDirectorTests
{
    private static SiloAddress Silo(int port, int generation = 1) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), generation);

    [Fact]
    public void Silo_is_the_one_whose_node_name_the_slide_key_hashes_to()
    {
        var silos = new Dictionary<SiloAddress, string> { [Silo(11111)] = "gpu-a", [Silo(11112)] = "gpu-b", [Silo(11113)] = "gpu-c" };

        foreach (var slide in Enumerable.Range(0, 50).Select(i => $"cohort/slide-{i}"))
        {
            var chosen = SlideAffinityPlacementDirector.ChooseSilo($"{slide}/3", silos.Keys, silo => silos[silo]);
            Assert.Equal(RendezvousHash.Choose(slide, [.. silos.Values]), silos[chosen]);
        }
    }

    [Fact]
    public void Silos_without_a_node_name_are_hashed_by_endpoint()
    {
        SiloAddress[] silos = [Silo(11111), Silo(11112)];

        var chosen = SlideAffinityPlacementDirector.ChooseSilo("slide-1/0", silos, _ => null);

        Assert.Equal(RendezvousHash.Choose("slide-1", ["127.0.0.1:11111", "127.0.0.1:11112"]), chosen.Endpoint.ToString());
    }

    [Fact]
    public void A_restarted_silo_wins_over_its_previous_incarnation()
    {
        var old = Silo(11111, generation: 1);
        var restarted = Silo(11111, generation: 2);

        Assert.Equal(restarted, SlideAffinityPlacementDirector.ChooseSilo("slide-1/0", [old, restarted], _ => "gpu-a"));
        Assert.Equal(restarted, SlideAffinityPlacementDirector.ChooseSilo("slide-1/0", [restarted, old], _ => "gpu-a"));
    }
}
