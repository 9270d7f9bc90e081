using CohortGrid.Slides;
using CohortGrid.Slides.Tissue;
using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class SyntheticSlideTissueTests
{
    [Theory]
    [InlineData(0.2)]
    [InlineData(0.35)]
    [InlineData(0.5)]
    public void Tissue_segmenter_finds_about_the_requested_coverage(double coverage)
    {
        using var temp = new TempDirectory();
        var path = temp.File("tissue.tiff");
        SyntheticSlideGenerator.Write(new SyntheticSlideSpec { Width = 2048, Height = 1536, Seed = 21, TissueCoverage = coverage }, path, TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        var segmentation = TissueSegmenter.Segment(slide, SlideMetadata.Read(slide));

        Assert.InRange(segmentation.Mask.TissueFraction, coverage - 0.05, coverage + 0.05);
    }

    [Fact]
    public void Tissue_segmenter_finds_nothing_on_a_blank_slide()
    {
        using var temp = new TempDirectory();
        var path = temp.File("blank.tiff");
        SyntheticSlideGenerator.Write(new SyntheticSlideSpec { Width = 2048, Height = 1536, Seed = 22, Blank = true }, path, TestContext.Current.CancellationToken);

        using var slide = SlideImage.Open(path);
        var segmentation = TissueSegmenter.Segment(slide, SlideMetadata.Read(slide));

        Assert.True(segmentation.IsEmpty, $"{segmentation.Mask.TissuePixels} tissue pixels at threshold {segmentation.Mask.Threshold}");
    }
}
