using CohortGrid.Slides.Tiling;
using CohortGrid.Testing;

namespace CohortGrid.Slides.Tests;

public sealed class TileGridTests
{
    [Fact]
    public void Default_grid_on_the_real_slide_is_plausible_and_stable()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        var first = SlidePlan.Create(slide).Grid;
        var second = SlidePlan.Create(slide).Grid;

        // 0.499 µm/px is within tolerance of 0.5: level 0, 224 px reads, a 224.45 px stride.
        Assert.Equal(0, first.Level);
        Assert.Equal((224, 224), (first.ReadWidth, first.ReadHeight));
        Assert.Equal(224 * 0.5 / 0.499, first.FootprintX, 9);
        Assert.Equal((9, 13), (first.Columns, first.Rows));
        // About 38% of the slide is tissue; with the 25% per-tile minimum roughly half the positions stay.
        Assert.InRange(first.Tiles.Count, 45, 75);
        Assert.Equal(first.Tiles, second.Tiles);
        Assert.All(first.Tiles, t => Assert.True(t.TissueFraction >= 0.25f));
    }

    [Fact]
    public void Tiles_are_laid_on_a_regular_non_overlapping_level_zero_grid()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        var grid = SlidePlan.Create(slide).Grid;

        Assert.Equal(grid.Columns * grid.Rows, grid.Candidates.Count);
        foreach (var tile in grid.Candidates)
        {
            Assert.Equal((long)Math.Round(tile.Column * grid.FootprintX), tile.X);
            Assert.Equal((long)Math.Round(tile.Row * grid.FootprintY), tile.Y);
            Assert.True(tile.X + grid.FootprintX <= slide.Width + 1);
            Assert.Equal(tile.Drop == TileDropReason.None, grid.Tiles.Contains(tile));
        }
    }

    [Fact]
    public void Coarser_target_reads_a_larger_region_from_level_zero_of_a_single_level_slide()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        var grid = SlidePlan.Create(slide, options: new SlidePlanOptions { Grid = new TileGridOptions { TargetMpp = 1.0 } }).Grid;

        Assert.Equal(0, grid.Level);
        Assert.Equal(449, grid.ReadWidth);
        Assert.False(grid.IsNativeSize);
        Assert.Equal((4, 6), (grid.Columns, grid.Rows));
    }

    [Fact]
    public void Pyramid_level_at_or_finer_than_the_target_is_chosen()
    {
        using var slide = SlideImage.Open(TestData.Slide("hamamatsu-dapi-40x.ndpi"));

        var grid = SlidePlan.Create(slide).Grid;

        // Level 1 is 0.456 µm/px (finer than 0.5), level 2 is 0.913 µm/px (coarser).
        Assert.Equal(1, grid.Level);
        Assert.Equal((int)Math.Round(224 * 0.5 / (0.2281750559028887 * 2)), grid.ReadWidth);
    }

    [Fact]
    public void Level_within_tolerance_of_the_target_counts_as_the_target()
    {
        using var slide = SlideImage.Open(TestData.Slide("tcga-cr-7395-01a-01-ts1.svs"));

        // With 0.25 µm/px, level 1 (downsample 2.0005) is 0.50013 µm/px: read there at 224 px.
        var grid = SlidePlan.Create(slide, mppOverride: 0.25).Grid;

        Assert.Equal(1, grid.Level);
        Assert.Equal(224, grid.ReadWidth);
    }

    [Fact]
    public void Slide_smaller_than_one_tile_yields_an_empty_grid_not_an_error()
    {
        using var slide = SlideImage.Open(TestData.Slide("aperio-16px.svs"));

        var plan = SlidePlan.Create(slide);

        Assert.Empty(plan.Grid.Candidates);
        Assert.Empty(plan.Grid.Tiles);
    }

    [Theory]
    [InlineData(0.0, 224, 0.25)]
    [InlineData(0.5, 4, 0.25)]
    [InlineData(0.5, 224, 1.5)]
    public void Out_of_range_grid_options_are_rejected_with_the_allowed_range(double mpp, int size, double minTissue)
    {
        var options = new TileGridOptions { TargetMpp = mpp, TileSize = size, MinTissueFraction = minTissue };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Contains("between", error.Message, StringComparison.Ordinal);
    }
}
