using CohortGrid.Analytics.Plots;

namespace CohortGrid.Analytics.Tests.Plots;

public sealed class CanvasTests
{
    private static readonly PlotColor Red = new(255, 0, 0);

    [Fact]
    public void A_new_canvas_is_white()
    {
        var canvas = new Canvas(4, 3);
        Assert.All(canvas.Image.Data, b => Assert.Equal(255, b));
    }

    [Fact]
    public void Fill_rect_covers_exactly_its_pixels_and_clips_at_the_border()
    {
        var canvas = new Canvas(10, 10);
        canvas.FillRect(7, -2, 5, 4, Red);
        for (var y = 0; y < 10; y++)
        {
            for (var x = 0; x < 10; x++)
            {
                var inside = x >= 7 && y < 2;
                Assert.Equal(inside ? Red : PlotColor.White, canvas.GetPixel(x, y));
            }
        }
    }

    [Fact]
    public void Alpha_blending_mixes_the_new_colour_over_the_old()
    {
        var canvas = new Canvas(2, 2);
        canvas.BlendPixel(0, 0, PlotColor.Black, 0.25);
        Assert.Equal(new PlotColor(191, 191, 191), canvas.GetPixel(0, 0));
    }

    [Fact]
    public void Adjacent_rectangles_by_pixel_centres_neither_overlap_nor_leave_gaps()
    {
        var canvas = new Canvas(20, 1);
        canvas.FillRectangle(0, 0, 7.3, 1, PlotColor.Black, 0.5);
        canvas.FillRectangle(7.3, 0, 14.6, 1, PlotColor.Black, 0.5);
        for (var x = 0; x < 15; x++)
        {
            Assert.Equal(new PlotColor(128, 128, 128), canvas.GetPixel(x, 0));
        }

        Assert.Equal(PlotColor.White, canvas.GetPixel(15, 0));
    }

    [Fact]
    public void A_one_pixel_horizontal_line_on_the_half_pixel_is_one_crisp_row()
    {
        var canvas = new Canvas(20, 10);
        canvas.DrawLine(2.5, 4.5, 15.5, 4.5, PlotColor.Black);
        Assert.Equal(PlotColor.Black, canvas.GetPixel(8, 4));
        Assert.Equal(PlotColor.White, canvas.GetPixel(8, 3));
        Assert.Equal(PlotColor.White, canvas.GetPixel(8, 5));
    }

    [Fact]
    public void A_diagonal_line_is_anti_aliased_and_touches_every_column_it_spans()
    {
        var canvas = new Canvas(40, 40);
        canvas.DrawLine(5, 5, 35, 25, PlotColor.Black, 2);
        for (var x = 6; x < 35; x++)
        {
            var darkest = Enumerable.Range(0, 40).Min(y => canvas.GetPixel(x, y).R);
            Assert.True(darkest < 60, $"column {x} has no line pixel");
        }

        var grey = canvas.Image.Data.Where((b, i) => i % 3 == 0 && b is > 20 and < 235).Count();
        Assert.True(grey > 10, "edges should be blended, not jagged");
    }

    [Fact]
    public void Overlapping_polyline_joints_are_blended_once()
    {
        var canvas = new Canvas(30, 30);
        canvas.DrawPolyline([new(5.5, 5.5), new(20.5, 5.5), new(20.5, 20.5)], PlotColor.Black, 1, 0.5);
        Assert.Equal(canvas.GetPixel(12, 5), canvas.GetPixel(20, 5));
    }

    [Fact]
    public void Step_vertices_go_horizontally_then_vertically()
    {
        var vertices = Canvas.StepVertices([new(0, 0), new(10, 5), new(20, 8)]);
        PlotPoint[] expected = [new(0, 0), new(10, 0), new(10, 5), new(20, 5), new(20, 8)];
        Assert.Equal(expected, vertices);
    }

    [Fact]
    public void A_filled_polygon_covers_pixel_centres_inside_it()
    {
        var canvas = new Canvas(20, 20);
        canvas.FillPolygon([new(2, 2), new(12, 2), new(12, 8), new(2, 8)], Red);
        Assert.Equal(Red, canvas.GetPixel(2, 2));
        Assert.Equal(Red, canvas.GetPixel(11, 7));
        Assert.Equal(PlotColor.White, canvas.GetPixel(12, 7));
        Assert.Equal(PlotColor.White, canvas.GetPixel(11, 8));
    }

    [Fact]
    public void A_filled_circle_is_solid_inside_and_untouched_far_outside()
    {
        var canvas = new Canvas(20, 20);
        canvas.FillCircle(10, 10, 4, Red);
        Assert.Equal(Red, canvas.GetPixel(10, 10));
        Assert.Equal(Red, canvas.GetPixel(7, 10));
        Assert.Equal(PlotColor.White, canvas.GetPixel(10, 16));
    }

    [Theory]
    [InlineData(MarkerShape.Circle)]
    [InlineData(MarkerShape.Square)]
    [InlineData(MarkerShape.Plus)]
    [InlineData(MarkerShape.Cross)]
    public void Every_marker_shape_inks_its_centre(MarkerShape shape)
    {
        var canvas = new Canvas(20, 20);
        canvas.DrawMarker(10, 10, shape, 7, PlotColor.Black);
        Assert.True(canvas.GetPixel(10, 10).R < 128);
    }

    [Fact]
    public void Drawing_outside_the_image_is_clipped_without_error()
    {
        var canvas = new Canvas(10, 10);
        canvas.DrawLine(-50, -50, 100, 100, PlotColor.Black, 3);
        canvas.FillCircle(-20, 5, 3, PlotColor.Black);
        canvas.DrawText(-30, -3, "clipped", PlotColor.Black, 2);
        canvas.FillPolygon([new(-5, -5), new(50, -5), new(50, 2)], PlotColor.Black);
        Assert.Equal(PlotColor.Black, canvas.GetPixel(5, 5));
    }

    [Fact]
    public void To_png_round_trips_the_pixels()
    {
        var canvas = new Canvas(7, 5);
        canvas.FillRect(2, 1, 3, 2, new PlotColor(10, 200, 30));
        var png = DecodedPng.Decode(canvas.ToPng());
        Assert.Equal(7, png.Width);
        Assert.Equal(5, png.Height);
        Assert.Equal(canvas.Image.Data, png.Pixels);
    }
}
