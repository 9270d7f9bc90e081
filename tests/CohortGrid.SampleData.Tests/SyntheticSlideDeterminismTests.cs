using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class SyntheticSlideDeterminismTests
{
    [Fact]
    public void Same_spec_gives_identical_bytes()
    {
        using var temp = new TempDirectory();
        var spec = new SyntheticSlideSpec { Width = 1400, Height = 1000, Seed = 42, Grade = 0.6 };

        SyntheticSlideGenerator.Write(spec, temp.File("a.tiff"), TestContext.Current.CancellationToken);
        SyntheticSlideGenerator.Write(spec with { }, temp.File("b.tiff"), TestContext.Current.CancellationToken);

        Assert.True(File.ReadAllBytes(temp.File("a.tiff")).AsSpan().SequenceEqual(File.ReadAllBytes(temp.File("b.tiff"))));
    }

    [Fact]
    public void Different_seed_gives_a_different_slide()
    {
        var spec = new SyntheticSlideSpec { Width = 800, Height = 600, Seed = 1 };

        var first = SyntheticSlideGenerator.Render(spec);
        var second = SyntheticSlideGenerator.Render(spec with { Seed = 2 });

        Assert.False(first.Data.AsSpan().SequenceEqual(second.Data));
        Assert.NotEqual(spec.Fingerprint(), (spec with { Seed = 2 }).Fingerprint());
    }

    [Fact]
    public void Fingerprint_depends_on_the_spec_values_only()
    {
        var spec = new SyntheticSlideSpec { Width = 800, Height = 600, Seed = 3, Grade = 0.4 };

        Assert.Equal(spec.Fingerprint(), new SyntheticSlideSpec { Width = 800, Height = 600, Seed = 3, Grade = 0.4 }.Fingerprint());
        Assert.NotEqual(spec.Fingerprint(), (spec with { Grade = 0.41 }).Fingerprint());
        Assert.Matches("^[0-9a-f]{16}$", spec.Fingerprint());
    }
}
