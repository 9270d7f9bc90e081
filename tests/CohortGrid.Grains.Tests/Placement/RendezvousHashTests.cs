using CohortGrid.Grains.Placement;

namespace CohortGrid.Grains.Tests.Placement;

public sealed class RendezvousHashTests
{
    private static readonly string[] TwoNodes = ["gpu-a", "gpu-b"];
    private static readonly string[] ThreeNodes = ["gpu-a", "gpu-b", "gpu-c"];

    private static IEnumerable<string> Keys(int count) => Enumerable.Range(0, count).Select(i => $"cohort-7/slide-{i:D4}");

    [Fact]
    public void Weight_is_stable_across_processes()
    {
        // Pinned value: silos of different versions or restarts must agree, so the hash may never depend on the process.
        Assert.Equal(2789762033947805728UL, RendezvousHash.Weight("cohort-7/slide-0001", "gpu-a"));
    }

    [Fact]
    public void Choose_is_deterministic_across_calls()
    {
        foreach (var key in Keys(200))
        {
            Assert.Equal(RendezvousHash.Choose(key, ThreeNodes), RendezvousHash.Choose(key, ThreeNodes));
        }
    }

    [Fact]
    public void Choose_does_not_depend_on_node_order()
    {
        string[] reversed = [.. ThreeNodes.Reverse()];
        foreach (var key in Keys(200))
        {
            Assert.Equal(RendezvousHash.Choose(key, ThreeNodes), RendezvousHash.Choose(key, reversed));
        }
    }

    [Fact]
    public void Choose_with_one_node_returns_that_node()
    {
        Assert.Equal("gpu-a", RendezvousHash.Choose("slide", ["gpu-a"]));
    }

    [Fact]
    public void Choose_without_nodes_fails()
    {
        Assert.Throws<ArgumentException>(() => RendezvousHash.Choose("slide", []));
    }

    [Fact]
    public void Keys_spread_evenly_over_two_nodes()
    {
        var onFirst = Keys(1000).Count(key => RendezvousHash.Choose(key, TwoNodes) == TwoNodes[0]);

        Assert.InRange(onFirst, 400, 600);
    }

    [Fact]
    public void Keys_spread_evenly_over_three_nodes()
    {
        var counts = Keys(3000).GroupBy(key => RendezvousHash.Choose(key, ThreeNodes)).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(3, counts.Count);
        Assert.All(counts.Values, count => Assert.InRange(count, 850, 1150));
    }

    [Fact]
    public void Removing_a_node_moves_only_the_keys_that_were_on_it()
    {
        string[] survivors = ["gpu-a", "gpu-c"];
        var moved = 0;
        foreach (var key in Keys(1000))
        {
            var before = RendezvousHash.Choose(key, ThreeNodes);
            var after = RendezvousHash.Choose(key, survivors);
            if (before == "gpu-b")
            {
                moved++;
            }
            else
            {
                Assert.Equal(before, after);
            }
        }

        Assert.InRange(moved, 250, 420);
    }

    [Fact]
    public void Adding_a_node_moves_about_one_nth_of_the_keys_all_to_the_new_node()
    {
        string[] four = [.. ThreeNodes, "gpu-d"];
        var moved = 0;
        foreach (var key in Keys(2000))
        {
            var before = RendezvousHash.Choose(key, ThreeNodes);
            var after = RendezvousHash.Choose(key, four);
            if (before != after)
            {
                Assert.Equal("gpu-d", after);
                moved++;
            }
        }

        Assert.InRange(moved, 400, 600);
    }

    [Fact]
    public void Repeated_node_names_resolve_to_the_first_of_them()
    {
        foreach (var key in Keys(50))
        {
            var index = RendezvousHash.ChooseIndex(key, ["gpu-a", "gpu-b", "gpu-a", "gpu-b"]);
            Assert.InRange(index, 0, 1);
        }
    }
}
