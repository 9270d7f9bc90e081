using System.Globalization;
using System.Xml.Linq;
using CohortGrid.Analytics.Plots;

namespace CohortGrid.Analytics.Tests.Plots;

public sealed class KaplanMeierPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly KaplanMeierSeries GroupA = new(
        "A",
        10,
        [new KmPoint(2, 0.8, 0.6, 0.95), new KmPoint(5, 0.5, 0.3, 0.7)],
        [7]);

    private static readonly KaplanMeierSeries GroupB = new(
        "B",
        12,
        [new KmPoint(1, 0.9, 0.75, 1), new KmPoint(3, 0.6, 0.4, 0.8)],
        [4, 6]);

    private static readonly (double T, double S)[] ExpectedA = [(0, 1), (2, 1), (2, 0.8), (5, 0.8), (5, 0.5), (7, 0.5)];

    private static readonly (double T, double S)[] ExpectedB = [(0, 1), (1, 1), (1, 0.9), (3, 0.9), (3, 0.6), (6, 0.6)];

    private static KaplanMeierPlot Plot() => new([GroupA, GroupB]) { Annotation = "log-rank p = 0.0013", Title = "Two groups" };

    [Fact]
    public void Step_vertices_start_at_one_and_step_down_at_each_event_to_the_last_follow_up()
    {
        Assert.Equal(ExpectedA, GroupA.StepVertices(GroupA.LastTime));
        Assert.Equal(ExpectedB, GroupB.StepVertices(GroupB.LastTime));
    }

    [Fact]
    public void The_svg_is_well_formed_with_one_path_per_group()
    {
        var root = XDocument.Parse(Plot().ToSvg()).Root!;
        var paths = root.Descendants(Svg + "path").ToList();
        Assert.Equal(2, paths.Count);
        Assert.All(paths, p => Assert.Equal(KaplanMeierPlot.CurveClass, p.Attribute("class")!.Value));
        Assert.Equal(["A", "B"], paths.Select(p => p.Attribute("data-group")!.Value));
    }

    [Fact]
    public void The_svg_paths_hold_exactly_the_step_vertices_mapped_onto_the_axes()
    {
        var paths = XDocument.Parse(Plot().ToSvg()).Root!.Descendants(Svg + "path").Select(p => Vertices(p.Attribute("d")!.Value)).ToList();
        Assert.Equal(ExpectedA.Length, paths[0].Count);
        Assert.Equal(ExpectedB.Length, paths[1].Count);

        // The pixel mapping is affine and shared by both groups: fit it from group A's corners, check every vertex.
        var (a0, a5) = (paths[0][0], paths[0][5]);
        var xScale = (a5.X - a0.X) / (7 - 0);
        var yScale = (a5.Y - a0.Y) / (0.5 - 1);
        Assert.True(xScale > 0, "time grows to the right");
        Assert.True(yScale < 0, "survival grows upwards");
        foreach (var (expected, actual) in ExpectedA.Zip(paths[0]).Concat(ExpectedB.Zip(paths[1])))
        {
            Assert.Equal(a0.X + (expected.T * xScale), actual.X, 0.01);
            Assert.Equal(a0.Y + ((expected.S - 1) * yScale), actual.Y, 0.01);
        }
    }

    [Fact]
    public void The_svg_has_a_band_per_group_a_tick_per_censoring_and_the_legend_and_annotation()
    {
        var root = XDocument.Parse(Plot().ToSvg()).Root!;
        Assert.Equal(2, root.Descendants(Svg + "polygon").Count(p => p.Attribute("class")?.Value == KaplanMeierPlot.BandClass));
        Assert.Equal(3, root.Descendants(Svg + "line").Count(p => p.Attribute("class")?.Value == KaplanMeierPlot.CensorClass));
        var texts = root.Descendants(Svg + "text").Select(t => t.Value).ToList();
        Assert.Contains("A (n=10)", texts);
        Assert.Contains("B (n=12)", texts);
        Assert.Contains("log-rank p = 0.0013", texts);
        Assert.Contains("Two groups", texts);
        Assert.Contains("Time (days)", texts);
        Assert.Contains("Survival probability", texts);
        Assert.Contains("0.4", texts);
    }

    [Fact]
    public void Bands_and_censor_marks_can_be_switched_off()
    {
        var plot = new KaplanMeierPlot([GroupA, GroupB]) { ShowConfidenceBands = false, ShowCensorMarks = false };
        var root = XDocument.Parse(plot.ToSvg()).Root!;
        Assert.Empty(root.Descendants(Svg + "polygon"));
        Assert.DoesNotContain(root.Descendants(Svg + "line"), l => l.Attribute("class")?.Value == KaplanMeierPlot.CensorClass);
    }

    [Fact]
    public void A_censor_tick_sits_on_the_curve_at_its_time()
    {
        var root = XDocument.Parse(new KaplanMeierPlot([GroupA]).ToSvg()).Root!;
        var curve = Vertices(root.Descendants(Svg + "path").Single().Attribute("d")!.Value);
        var tick = root.Descendants(Svg + "line").Single(l => l.Attribute("class")?.Value == KaplanMeierPlot.CensorClass);
        var x = double.Parse(tick.Attribute("x1")!.Value, CultureInfo.InvariantCulture);
        var yMid = (double.Parse(tick.Attribute("y1")!.Value, CultureInfo.InvariantCulture) + double.Parse(tick.Attribute("y2")!.Value, CultureInfo.InvariantCulture)) / 2;
        Assert.Equal(curve[^1].X, x, 0.01);
        Assert.Equal(curve[^1].Y, yMid, 0.01);
    }

    [Fact]
    public void A_band_is_split_where_the_interval_is_undefined()
    {
        var series = new KaplanMeierSeries("C", 5, [new KmPoint(1, 0.8, 0.5, 0.9), new KmPoint(2, 0.6, double.NaN, double.NaN), new KmPoint(3, 0.4, 0.2, 0.6)], [4]);
        var bands = KaplanMeierPlot.Bands(series, 4);
        Assert.Equal(2, bands.Count);
        Assert.Equal([(1.0, 0.9), (2.0, 0.9), (2.0, 0.5), (1.0, 0.5)], bands[0]);
        Assert.Equal([(3.0, 0.6), (4.0, 0.6), (4.0, 0.2), (3.0, 0.2)], bands[1]);
    }

    [Fact]
    public void A_group_with_no_events_is_a_flat_line_at_one()
    {
        var series = new KaplanMeierSeries("none", 3, [], [2, 9]);
        Assert.Equal([(0.0, 1.0), (9.0, 1.0)], series.StepVertices(series.LastTime));
        Assert.NotNull(XDocument.Parse(new KaplanMeierPlot([series]).ToSvg()).Root);
    }

    [Fact]
    public void Times_that_go_backwards_are_refused_with_the_group_named()
    {
        var bad = new KaplanMeierSeries("late", 2, [new KmPoint(5, 0.5, 0, 1), new KmPoint(3, 0.2, 0, 1)], []);
        var ex = Assert.Throws<ArgumentException>(() => new KaplanMeierPlot([bad]));
        Assert.Contains("late", ex.Message);
    }

    [Fact]
    public void The_png_decodes_at_the_requested_size_with_each_curve_in_its_colour()
    {
        var plot = Plot();
        var small = DecodedPng.Decode(plot.ToPng(640, 480));
        Assert.Equal((640, 480), (small.Width, small.Height));
        var png = DecodedPng.Decode(plot.ToPng());
        Assert.Equal((800, 600), (png.Width, png.Height));

        // SVG and PNG share one layout, so the SVG tells where group A's horizontal run at S = 0.8 lies on the raster.
        // At 800 × 600 the curve is 2 px wide, so the pixel row holding the run's centre line is fully covered.
        var a = Vertices(XDocument.Parse(plot.ToSvg()).Root!.Descendants(Svg + "path").First().Attribute("d")!.Value);
        var x = (int)((a[2].X + a[3].X) / 2);
        var y = (int)Math.Floor(a[2].Y);
        var colour = PlotPalette.Group(0);
        Assert.Equal((colour.R, colour.G, colour.B), png[x, y]);
    }

    private static List<PlotPoint> Vertices(string d) =>
        [.. d.Split(['M', 'L'], StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Trim().Split(' '))
            .Select(xy => new PlotPoint(double.Parse(xy[0], CultureInfo.InvariantCulture), double.Parse(xy[1], CultureInfo.InvariantCulture)))];
}
