using CohortGrid.Testing;

namespace CohortGrid.Slides.Tests;

public sealed class SlideMetadataTests
{
    [Fact]
    public void Aperio_slide_reports_vendor_size_mpp_power_and_quickhash()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        var metadata = SlideMetadata.Read(slide);

        Assert.Equal("aperio", metadata.Vendor);
        Assert.Equal((2220L, 2967L), (metadata.Width, metadata.Height));
        Assert.Single(metadata.Levels);
        Assert.Equal(0.499, metadata.MppX!.Value, 6);
        Assert.Equal(0.499, metadata.MppY!.Value, 6);
        Assert.Equal(MppSource.OpenSlide, metadata.MppSource);
        Assert.Equal(20, metadata.ObjectivePower);
        Assert.Equal(OpenSlideReference.PropertiesOf("CMU-1-Small-Region.svs")["openslide.quickhash-1"], metadata.QuickHash);
    }

    [Fact]
    public void Hamamatsu_slide_reports_seven_levels_and_its_mpp()
    {
        using var slide = SlideImage.Open(TestData.Slide("hamamatsu-dapi-40x.ndpi"));

        var metadata = SlideMetadata.Read(slide);

        Assert.Equal("hamamatsu", metadata.Vendor);
        Assert.Equal(7, metadata.Levels.Count);
        Assert.Equal(0.2281750559028887, metadata.Mpp, 9);
        Assert.Equal(40, metadata.ObjectivePower);
    }

    [Fact]
    public void Slide_without_mpp_has_no_mpp_and_no_objective_power()
    {
        using var slide = SlideImage.Open(TestData.Slide("tcga-cr-7395-01a-01-ts1.svs"));

        var metadata = SlideMetadata.Read(slide);

        Assert.False(metadata.HasMpp);
        Assert.Null(metadata.MppSource);
        Assert.Null(metadata.ObjectivePower);
    }

    [Fact]
    public void Missing_mpp_without_override_fails_with_clear_error_naming_the_slide_and_the_fix()
    {
        var path = TestData.Slide("tcga-cr-7395-01a-01-ts1.svs");
        using var slide = SlideImage.Open(path);

        var error = Assert.Throws<SlideMppUnavailableException>(() => SlidePlan.Create(slide));

        Assert.Equal("mpp-unavailable", error.Reason);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("--mpp-override", error.Message, StringComparison.Ordinal);
        Assert.Contains("'mpp'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mpp_override_supplies_the_missing_mpp()
    {
        using var slide = SlideImage.Open(TestData.Slide("tcga-cr-7395-01a-01-ts1.svs"));

        var metadata = SlideMetadata.Read(slide, mppOverride: 0.25);

        Assert.Equal(0.25, metadata.Mpp);
        Assert.Equal(MppSource.Override, metadata.MppSource);
    }

    [Fact]
    public void Mpp_override_wins_over_slide_metadata()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        var metadata = SlideMetadata.Read(slide, mppOverride: 0.5);

        Assert.Equal(0.5, metadata.Mpp);
        Assert.Equal(MppSource.Override, metadata.MppSource);
    }

    [Fact]
    public void Generic_tiff_with_default_72_dpi_resolution_has_no_mpp()
    {
        // boxes.tiff carries 28.35 px/cm (72 dpi), a writer default, not a scan resolution.
        using var slide = SlideImage.Open(TestData.Slide("generic-tiff-boxes.tiff"));

        var metadata = SlideMetadata.Read(slide);

        Assert.Equal("generic-tiff", metadata.Vendor);
        Assert.False(metadata.HasMpp);
        Assert.Equal(4, metadata.Levels.Count);
    }
}
