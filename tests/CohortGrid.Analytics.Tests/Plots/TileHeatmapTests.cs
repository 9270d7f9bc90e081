using CohortGrid.Analytics.Plots;
using CohortGrid.Slides.Imaging;

namespace CohortGrid.Analytics.Tests.Plots;

public sealed class TileHeatmapTests
{
    private const double Scale = 0.1;

    /// <summary>100 × 80 thumbnail whose pixel (x, y) is (2x, 3y, 77), so every position is recognisable.</summary>
    private static RgbImage Thumbnail()
    {
        var image = new RgbImage(100, 80);
        for (var y = 0; y < 80; y++)
        {
            for (var x = 0; x < 100; x++)
            {
                var i = ((y * 100) + x) * 3;
                image.Data[i] = (byte)(2 * x);
                image.Data[i + 1] = (byte)(3 * y);
                image.Data[i + 2] = 77;
            }
        }

        return image;
    }

    // Level-0 tiles of 100 × 100 become 10 × 10 thumbnail pixels at scale 0.1.
    private static readonly TileOrigin[] Tiles =
    [
        new(0, 0),
        new(100, 0),
        new(200, 300),
        new(950, 750),   // half outside: thumbnail [95, 105) × [75, 85), clipped to [95, 100) × [75, 80)
        new(500, 500),   // NaN value
        new(2000, 2000), // wholly outside
    ];

    private static readonly double[] Values = [0, 1, 0.5, 1, double.NaN, 0.3];

    private static readonly TileHeatmapOptions Fixed = new() { Min = 0, Max = 1, ShowColorBar = false };

    private static TileHeatmap Heatmap(TileHeatmapOptions? options = null) =>
        new(Thumbnail(), Scale, Scale, Tiles, 100, 100, Values, options ?? Fixed);

    [Fact]
    public void A_pixel_inside_a_tile_is_the_colormap_colour_blended_at_the_opacity_over_the_thumbnail()
    {
        var png = DecodedPng.Decode(Heatmap().ToPng());
        var thumbnail = Thumbnail();
        foreach (var (tile, x, y) in new[] { (0, 5, 5), (1, 14, 2), (2, 27, 35), (3, 97, 77) })
        {
            var colour = Colormap.Viridis.Map(Values[tile]);
            var under = At(thumbnail, x, y);
            var expected = (Blend(under.R, colour.R), Blend(under.G, colour.G), Blend(under.B, colour.B));
            var actual = png[x, y];
            Assert.InRange(actual.R, expected.Item1 - 1, expected.Item1 + 1);
            Assert.InRange(actual.G, expected.Item2 - 1, expected.Item2 + 1);
            Assert.InRange(actual.B, expected.Item3 - 1, expected.Item3 + 1);
        }

        static int Blend(byte under, byte over) => (int)Math.Round((under * 0.4) + (over * 0.6));
    }

    [Fact]
    public void Pixels_outside_every_tile_equal_the_thumbnail()
    {
        var image = Heatmap().Render();
        var thumbnail = Thumbnail();
        foreach (var (x, y) in new[] { (50, 20), (20, 0), (0, 10), (30, 40), (94, 77), (99, 74) })
        {
            Assert.Equal(At(thumbnail, x, y), At(image, x, y));
        }
    }

    [Fact]
    public void Tiles_without_a_value_are_left_uncoloured()
    {
        var image = Heatmap().Render();
        var thumbnail = Thumbnail();
        for (var y = 50; y < 60; y++)
        {
            for (var x = 50; x < 60; x++)
            {
                Assert.Equal(At(thumbnail, x, y), At(image, x, y));
            }
        }

        Assert.Null(Heatmap().ColorOf(4));
    }

    [Fact]
    public void A_tile_partly_outside_the_thumbnail_is_clipped_at_the_border()
    {
        var heatmap = Heatmap();
        Assert.Equal((95, 75, 100, 80), heatmap.PixelBounds(3));
        var (left, top, right, bottom) = heatmap.PixelBounds(5);
        Assert.True(right <= left && bottom <= top, "a tile wholly outside covers nothing");
        var image = heatmap.Render();
        var thumbnail = Thumbnail();
        for (var y = 75; y < 80; y++)
        {
            for (var x = 95; x < 100; x++)
            {
                Assert.NotEqual(At(thumbnail, x, y), At(image, x, y));
            }
        }
    }

    [Fact]
    public void Tile_bounds_follow_the_pixel_centre_rule_at_fractional_scales()
    {
        // Scale 1/3: a tile at x = 10 of width 10 spans [3.33, 6.67), which holds the centres of pixels 3 to 6.
        var heatmap = new TileHeatmap(Thumbnail(), 1.0 / 3, 1.0 / 3, [new(10, 10), new(20, 10)], 10, 10, [1, 2], Fixed);
        Assert.Equal((3, 3, 7, 7), heatmap.PixelBounds(0));
        Assert.Equal((7, 3, 10, 7), heatmap.PixelBounds(1));
    }

    [Fact]
    public void The_output_has_the_thumbnail_size_and_leaves_the_thumbnail_untouched()
    {
        var thumbnail = Thumbnail();
        var before = thumbnail.Data.ToArray();
        var image = new TileHeatmap(thumbnail, Scale, Scale, Tiles, 100, 100, Values).Render();
        Assert.Equal((100, 80), (image.Width, image.Height));
        Assert.Equal(before, thumbnail.Data);
    }

    [Fact]
    public void The_default_range_is_the_2nd_to_98th_percentile()
    {
        var values = Enumerable.Range(1, 101).Select(v => (double)v).Append(double.NaN).ToArray();
        var range = TileHeatmap.ComputeRange(values, TileHeatmapOptions.Default);
        Assert.Equal(3, range.Min, 9);
        Assert.Equal(99, range.Max, 9);
    }

    [Fact]
    public void Percentiles_are_configurable_and_fixed_ends_override_them()
    {
        double[] values = [0, 10, 20, 30, 40];
        Assert.Equal(new HeatmapRange(0, 40), TileHeatmap.ComputeRange(values, new TileHeatmapOptions { LowerPercentile = 0, UpperPercentile = 100 }));
        Assert.Equal(new HeatmapRange(5, 35), TileHeatmap.ComputeRange(values, new TileHeatmapOptions { LowerPercentile = 12.5, UpperPercentile = 87.5 }));
        Assert.Equal(new HeatmapRange(-1, 35), TileHeatmap.ComputeRange(values, new TileHeatmapOptions { Min = -1, UpperPercentile = 87.5 }));
    }

    [Fact]
    public void A_diverging_colormap_gets_a_range_symmetric_around_zero()
    {
        double[] values = [-1, 0, 3];
        var options = new TileHeatmapOptions { Colormap = ColormapKind.BlueWhiteRed, LowerPercentile = 0, UpperPercentile = 100 };
        Assert.Equal(new HeatmapRange(-3, 3), TileHeatmap.ComputeRange(values, options));
        Assert.Equal(new HeatmapRange(-1, 3), TileHeatmap.ComputeRange(values, options with { SymmetricAroundZero = false }));
        var heatmap = new TileHeatmap(Thumbnail(), Scale, Scale, [new(0, 0)], 100, 100, [0.0], options with { ShowColorBar = false });
        Assert.Equal(PlotColor.White, heatmap.ColorOf(0));
    }

    [Fact]
    public void Values_beyond_the_range_take_the_end_colours()
    {
        var heatmap = new TileHeatmap(Thumbnail(), Scale, Scale, [new(0, 0), new(100, 0)], 100, 100, [-5, 50], Fixed);
        Assert.Equal(Colormap.Viridis.Map(0), heatmap.ColorOf(0));
        Assert.Equal(Colormap.Viridis.Map(1), heatmap.ColorOf(1));
    }

    [Fact]
    public void The_colour_bar_is_drawn_in_the_chosen_corner_only()
    {
        var thumbnail = new RgbImage(300, 200);
        Array.Fill(thumbnail.Data, (byte)240);
        var heatmap = new TileHeatmap(thumbnail, Scale, Scale, [], 100, 100, [], new TileHeatmapOptions { ColorBarCorner = PlotCorner.TopLeft, Min = 0, Max = 1 });
        var image = heatmap.Render();
        var changedTopLeft = 0;
        var changedElsewhere = 0;
        for (var y = 0; y < 200; y++)
        {
            for (var x = 0; x < 300; x++)
            {
                if (At(image, x, y) != At(thumbnail, x, y))
                {
                    if (x < 150 && y < 100)
                    {
                        changedTopLeft++;
                    }
                    else
                    {
                        changedElsewhere++;
                    }
                }
            }
        }

        Assert.True(changedTopLeft > 200);
        Assert.Equal(0, changedElsewhere);
    }

    [Fact]
    public void The_png_decodes_to_the_thumbnail_size()
    {
        var png = DecodedPng.Decode(Heatmap(TileHeatmapOptions.Default).ToPng());
        Assert.Equal(100, png.Width);
        Assert.Equal(80, png.Height);
    }

    [Fact]
    public void One_value_per_tile_is_required()
    {
        Assert.Throws<ArgumentException>(() => new TileHeatmap(Thumbnail(), Scale, Scale, Tiles, 100, 100, [1, 2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TileHeatmap(Thumbnail(), 0, Scale, Tiles, 100, 100, Values));
    }

    private static (byte R, byte G, byte B) At(RgbImage image, int x, int y)
    {
        var i = ((y * image.Width) + x) * 3;
        return (image.Data[i], image.Data[i + 1], image.Data[i + 2]);
    }
}
