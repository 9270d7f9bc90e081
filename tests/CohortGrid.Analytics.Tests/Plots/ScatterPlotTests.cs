using System.Globalization;
using System.Xml.Linq;
using CohortGrid.Analytics.Plots;

namespace CohortGrid.Analytics.Tests.Plots;

public sealed class ScatterPlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static readonly double[] Measured = [1, 2, 3, 4, 5, 6];

    private static readonly double[] Predicted = [1.5, 2.4, 3.1, 4.4, 4.9, 6.2];

    [Fact]
    public void Pearson_r_and_the_least_squares_line_match_a_hand_computation()
    {
        var plot = new ScatterPlot("ESR1", [1, 2, 3, 4], [3, 5, 7, 9]);
        Assert.Equal(1, plot.PearsonR, 12);
        Assert.Equal(2, plot.Slope, 12);
        Assert.Equal(1, plot.Intercept, 12);
        Assert.Equal(-1, new ScatterPlot("X", [1, 2, 3], [3, 2, 1]).PearsonR, 12);
    }

    [Fact]
    public void Pairs_with_a_missing_value_are_left_out()
    {
        var plot = new ScatterPlot("ESR1", [1, double.NaN, 3, 4], [1, 2, double.PositiveInfinity, 4]);
        Assert.Equal(2, plot.Count);
        Assert.Equal(1, plot.PearsonR, 12);
    }

    [Fact]
    public void The_title_names_the_gene_and_r()
    {
        var plot = new ScatterPlot("ERBB2", Measured, Predicted);
        Assert.StartsWith("ERBB2  r = 0.99", plot.EffectiveTitle, StringComparison.Ordinal);
        Assert.Contains("n = 6", plot.EffectiveTitle, StringComparison.Ordinal);
        Assert.Contains("n/a", new ScatterPlot("FLAT", [1, 2], [3, 3]).EffectiveTitle, StringComparison.Ordinal);
    }

    [Fact]
    public void The_svg_has_one_circle_per_point_and_both_reference_lines()
    {
        var root = XDocument.Parse(new ScatterPlot("ESR1", Measured, Predicted).ToSvg()).Root!;
        Assert.Equal(6, root.Descendants(Svg + "circle").Count(c => c.Attribute("class")?.Value == ScatterPlot.PointClass));
        Assert.Single(root.Descendants(Svg + "line"), l => l.Attribute("class")?.Value == ScatterPlot.FitClass);
        Assert.Single(root.Descendants(Svg + "line"), l => l.Attribute("class")?.Value == ScatterPlot.IdentityClass);
        Assert.Contains(root.Descendants(Svg + "text"), t => t.Value.StartsWith("ESR1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_identity_line_runs_through_points_lying_on_it()
    {
        var plot = new ScatterPlot("ID", [0, 5, 10], [0, 5, 10]) { ReferenceLine = ScatterReferenceLine.Identity };
        var root = XDocument.Parse(plot.ToSvg()).Root!;
        var line = root.Descendants(Svg + "line").Single(l => l.Attribute("class")?.Value == ScatterPlot.IdentityClass);
        double Get(string name) => double.Parse(line.Attribute(name)!.Value, CultureInfo.InvariantCulture);
        foreach (var c in root.Descendants(Svg + "circle"))
        {
            var cx = double.Parse(c.Attribute("cx")!.Value, CultureInfo.InvariantCulture);
            var cy = double.Parse(c.Attribute("cy")!.Value, CultureInfo.InvariantCulture);
            var cross = ((Get("x2") - Get("x1")) * (cy - Get("y1"))) - ((Get("y2") - Get("y1")) * (cx - Get("x1")));
            Assert.True(Math.Abs(cross) < 1, "point off the identity line");
        }

        Assert.DoesNotContain(root.Descendants(Svg + "line"), l => l.Attribute("class")?.Value == ScatterPlot.FitClass);
    }

    [Fact]
    public void The_png_decodes_at_the_requested_size()
    {
        var png = DecodedPng.Decode(new ScatterPlot("ESR1", Measured, Predicted).ToPng(300, 250));
        Assert.Equal(300, png.Width);
        Assert.Equal(250, png.Height);
    }

    [Fact]
    public void Mismatched_lengths_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new ScatterPlot("X", [1, 2], [1]));
    }

    [Fact]
    public void A_grid_puts_each_gene_in_its_own_panel()
    {
        var genes = new[] { "ESR1", "ERBB2", "MKI67", "GATA3", "FOXA1" };
        var grid = new ScatterPlotGrid([.. genes.Select(g => new ScatterPlot(g, Measured, Predicted))], columns: 2) { Title = "Top genes" };
        Assert.Equal(3, grid.Rows);
        var root = XDocument.Parse(grid.ToSvg()).Root!;
        var panels = root.Elements(Svg + "g").Where(g => g.Attribute("class")?.Value == "panel").ToList();
        Assert.Equal(5, panels.Count);
        Assert.All(genes.Zip(panels), p => Assert.Contains(p.Second.Descendants(Svg + "text"), t => t.Value.StartsWith(p.First, StringComparison.Ordinal)));
        Assert.Equal("Top genes", root.Elements(Svg + "text").Single().Value);

        var png = DecodedPng.Decode(grid.ToPng());
        Assert.Equal(2 * grid.PanelWidth, png.Width);
        Assert.Equal(grid.Height, png.Height);
    }
}
