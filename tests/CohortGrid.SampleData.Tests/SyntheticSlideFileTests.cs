using CohortGrid.Slides;
using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class SyntheticSlideFileTests
{
    [Fact]
    public void Synthetic_slide_opens_as_generic_tiff_with_a_level_per_halving()
    {
        using var temp = new TempDirectory();
        var spec = new SyntheticSlideSpec { Width = 2100, Height = 1500, Seed = 5 };
        var path = temp.File("synthetic.tiff");

        SyntheticSlideGenerator.Write(spec, path, TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        Assert.Equal("generic-tiff", slide.Vendor);
        Assert.Equal(4, spec.LevelCount);
        Assert.Equal(
            [(2100L, 1500L), (1050L, 750L), (525L, 375L), (263L, 188L)],
            slide.Levels.Select(l => (l.Width, l.Height)));
    }

    [Fact]
    public void Synthetic_slide_mpp_is_resolved_from_the_tiff_resolution_tags()
    {
        using var temp = new TempDirectory();
        var spec = new SyntheticSlideSpec { Width = 800, Height = 600, Mpp = 0.2428, Seed = 6 };
        var path = temp.File("mpp.tiff");

        SyntheticSlideGenerator.Write(spec, path, TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        var metadata = SlideMetadata.Read(slide);
        Assert.Equal(MppSource.TiffResolution, metadata.MppSource);
        Assert.Equal(spec.Mpp, metadata.Mpp, 1e-3);
    }

    [Fact]
    public void Level_0_read_through_OpenSlide_is_exactly_the_rendered_image()
    {
        using var temp = new TempDirectory();
        var spec = new SyntheticSlideSpec { Width = 900, Height = 700, Seed = 7, TileSize = 128 };
        var path = temp.File("exact.tiff");

        SyntheticSlideGenerator.Write(spec, path, TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        Assert.Null(TestImages.FirstDifference(SyntheticSlideGenerator.Render(spec), slide.ReadLevel(0)));
    }

    [Fact]
    public void Image_description_records_the_spec_fingerprint()
    {
        using var temp = new TempDirectory();
        var spec = new SyntheticSlideSpec { Width = 600, Height = 400, Seed = 8, Grade = 0.25 };
        var path = temp.File("described.tiff");

        SyntheticSlideGenerator.Write(spec, path, TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        var description = slide.Properties["tiff.ImageDescription"];
        Assert.StartsWith("CohortGrid synthetic slide|600x400|", description, StringComparison.Ordinal);
        Assert.Contains("grade=0.25", description, StringComparison.Ordinal);
        Assert.Contains($"fingerprint={spec.Fingerprint()}", description, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_range_specs_are_refused_with_the_field_named()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticSlideGenerator.Render(new SyntheticSlideSpec { Grade = 1.5 }));
        Assert.Equal("Grade", error.ParamName);

        error = Assert.Throws<ArgumentOutOfRangeException>(() => SyntheticSlideGenerator.Render(new SyntheticSlideSpec { TileSize = 200 }));
        Assert.Equal("TileSize", error.ParamName);
    }

    [Fact]
    public void A_slide_too_large_for_memory_asks_for_a_tissue_patch()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticSlideGenerator.Render(new SyntheticSlideSpec { Width = 100_000, Height = 80_000 }));

        Assert.Contains("TissuePatchSize", error.Message, StringComparison.Ordinal);
    }
}
