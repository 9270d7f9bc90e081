using CohortGrid.SampleData.Tiff;
using CohortGrid.Slides;
using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Tissue;
using CohortGrid.Testing;

namespace CohortGrid.SampleData.Tests;

public sealed class SparseSlideTests
{
    [Fact]
    public void Huge_blank_slide_is_a_small_file_that_opens_at_its_declared_size()
    {
        using var temp = new TempDirectory();
        var path = temp.File("huge-blank.tiff");

        var result = SyntheticSlideGenerator.Write(SyntheticSlideSpec.MostlyBlank(100_000, 80_000, withTissue: false), path, TestContext.Current.CancellationToken);

        Assert.InRange(new FileInfo(path).Length, 1, 3L << 20);
        Assert.False(result.BigTiff);
        using var slide = SlideImage.Open(path);
        Assert.Equal("generic-tiff", slide.Vendor);
        Assert.Equal((100_000L, 80_000L), (slide.Width, slide.Height));
        Assert.Equal(9, slide.Levels.Count);
        Assert.All(slide.ReadRegion(73_333, 51_111, 0, 300, 300).Pixels, p => Assert.Equal(0xFFF2F2F2u, p));
        Assert.True(TissueSegmenter.Segment(slide, SlideMetadata.Read(slide)).IsEmpty);
    }

    [Fact]
    public void Huge_slide_with_a_tissue_patch_stays_small_and_has_tissue_only_in_the_patch()
    {
        using var temp = new TempDirectory();
        var path = temp.File("huge-patch.tiff");

        SyntheticSlideGenerator.Write(SyntheticSlideSpec.MostlyBlank(100_000, 80_000, seed: 4), path, TestContext.Current.CancellationToken);

        Assert.InRange(new FileInfo(path).Length, 1, 6L << 20);
        using var slide = SlideImage.Open(path);
        var segmentation = TissueSegmenter.Segment(slide, SlideMetadata.Read(slide));
        Assert.False(segmentation.IsEmpty);
        // The 1024 px patch is about 1/7600 of the slide.
        Assert.InRange(segmentation.Mask.TissueFraction, 1e-6, 1.0 / 7600);
    }

    [Fact]
    public void Sparse_levels_equal_the_box_average_of_the_level_above()
    {
        // An odd-sized level with an image at odd coordinates: every alignment case of the 2x2 blocks.
        var background = new RgbColor(242, 242, 242);
        IPyramidLevelSource level = new SparseLevelSource(301, 257, background, [new PlacedImage(37, 51, TestImages.Random(41, 23, seed: 9))]);
        var expected = Materialise(level);
        for (var i = 1; i < 5; i++)
        {
            level = level.Half();
            expected = BoxDownsample.Half(expected);
            Assert.Equal(expected.Data, Materialise(level).Data);
        }
    }

    [Fact]
    public void Tiles_that_miss_every_image_report_the_background_colour()
    {
        var background = new RgbColor(242, 242, 242);
        var level = new SparseLevelSource(1000, 1000, background, [new PlacedImage(256, 256, TestImages.Random(10, 10, seed: 1))]);

        Assert.True(level.TryGetUniformColor(0, 0, 256, 256, out var color));
        Assert.Equal(background, color);
        Assert.False(level.TryGetUniformColor(256, 0, 256, 257, out _));
    }

    private static RgbImage Materialise(ITiffLevelSource level)
    {
        var image = new RgbImage(level.Width, level.Height);
        level.ReadTile(0, 0, level.Width, level.Height, image.Data);
        return image;
    }
}
