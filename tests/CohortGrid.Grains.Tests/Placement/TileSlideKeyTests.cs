using CohortGrid.Grains.Placement;

namespace CohortGrid.Grains.Tests.Placement;

public sealed class TileSlideKeyTests
{
    [Theory]
    [InlineData("slide-1/0", "slide-1")]
    [InlineData("cohort-7/slide-1/15", "cohort-7/slide-1")]
    [InlineData("slide-1", "slide-1")]
    [InlineData("/3", "")]
    public void Slide_key_is_everything_before_the_last_slash(string tileKey, string slideKey)
    {
        Assert.Equal(slideKey, TileSlideKey.Of(tileKey));
    }

    [Fact]
    public void Batches_of_one_slide_hash_alike()
    {
        string[] nodes = ["gpu-a", "gpu-b", "gpu-c"];
        var owners = Enumerable.Range(0, 16).Select(batch => RendezvousHash.Choose(TileSlideKey.Of($"cohort-7/slide-1/{batch}"), nodes));

        Assert.Single(owners.Distinct());
    }
}
