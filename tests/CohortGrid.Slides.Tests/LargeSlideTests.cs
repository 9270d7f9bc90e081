using CohortGrid.SampleData;
using CohortGrid.Slides.Preprocessing;
using CohortGrid.Testing;

namespace CohortGrid.Slides.Tests;

/// <summary>Slides over 65,500 px per side are ordinary: nothing in the engine may assume 16-bit or int-sized areas.</summary>
public sealed class LargeSlideTests
{
    [Fact]
    public void Very_large_pyramid_is_planned_and_tiled_like_any_other()
    {
        using var temp = new TempDirectory();
        var path = temp.File("huge.tiff");
        SyntheticSlideGenerator.Write(SyntheticSlideSpec.MostlyBlank(100_000, 80_000, seed: 4, patchSize: 2048), path, TestContext.Current.CancellationToken);
        using var slide = SlideImage.Open(path);

        var plan = SlidePlan.Create(slide);

        Assert.Equal((100_000L, 80_000L), (slide.Width, slide.Height));
        Assert.Equal(446 * 357, plan.Grid.Candidates.Count);
        Assert.InRange(plan.Grid.Tiles.Count, 4, 100); // only the 2048 px (1 mm) patch holds tissue
        Assert.InRange(plan.Tissue.Mask.TissueAreaMm2, 0.1, 1.1);
        var preprocessor = new TilePreprocessor(slide, plan.Grid);
        var tensor = new float[preprocessor.TensorLength];
        var quality = preprocessor.Process(plan.Grid.Tiles[0], tensor);
        Assert.True(quality.WhiteFraction < 0.8f, "a tissue tile of the patch should not be glass");
    }

    [Fact]
    public void Very_large_blank_slide_yields_no_tiles_without_reading_level_zero()
    {
        using var temp = new TempDirectory();
        var path = temp.File("blank.tiff");
        SyntheticSlideGenerator.Write(SyntheticSlideSpec.MostlyBlank(100_000, 80_000, withTissue: false), path, TestContext.Current.CancellationToken);
        using var slide = SlideImage.Open(path);

        var plan = SlidePlan.Create(slide);

        Assert.True(plan.Tissue.IsEmpty);
        Assert.Empty(plan.Grid.Tiles);
        Assert.StartsWith("level", plan.Tissue.Source, StringComparison.Ordinal);
        Assert.True(plan.Tissue.Mask.ScaleX >= 32, $"segmented at {plan.Tissue.Mask.ScaleX}x, expected a low-resolution level");
    }
}
