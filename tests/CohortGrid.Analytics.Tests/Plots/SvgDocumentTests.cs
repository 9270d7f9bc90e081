using System.Globalization;
using System.Xml.Linq;
using CohortGrid.Analytics.Plots;

namespace CohortGrid.Analytics.Tests.Plots;

public sealed class SvgDocumentTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    [Fact]
    public void A_document_with_every_element_kind_is_well_formed_xml()
    {
        var svg = new SvgDocument(200, 100)
            .Rect(0, 0, 200, 100, PlotColor.White, stroke: PlotColor.Black)
            .Line(0.5, 0.5, 10.25, 20, PlotColor.Black, 1.5, "axis")
            .Path([new(0, 0), new(10, 0), new(10, 5)], PlotColor.FromHex("#0072B2"), 2, "curve", new Dictionary<string, string> { ["group"] = "A&B" })
            .Polygon([new(0, 0), new(5, 0), new(5, 5)], PlotColor.Black, 0.2, "band")
            .Circle(3, 4, 2, PlotColor.Black, 0.5)
            .BeginGroup(10, 20, "panel")
            .Text(5, 5, "p < 0.05 & \"r\" > 'x'", 12, PlotColor.Black, TextAnchor.Middle, -90)
            .EndGroup()
            .ToString();
        var root = XDocument.Parse(svg).Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("200", root.Attribute("width")!.Value);
        Assert.Equal("0 0 200 100", root.Attribute("viewBox")!.Value);
        Assert.Equal("p < 0.05 & \"r\" > 'x'", root.Descendants(Svg + "text").Single().Value);
        Assert.Equal("A&B", root.Descendants(Svg + "path").Single().Attribute("data-group")!.Value);
        Assert.Equal("M0 0 L10 0 L10 5", root.Descendants(Svg + "path").Single().Attribute("d")!.Value);
    }

    [Fact]
    public void Numbers_are_invariant_with_at_most_three_decimals()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CommaDecimalCulture();
            Assert.Equal("1234.568", SvgDocument.Number(1234.56789));
            Assert.Equal("0", SvgDocument.Number(-0.0001));
            Assert.Equal("-2.5", SvgDocument.Number(-2.5));
            Assert.Equal("1000000", SvgDocument.Number(1e6));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void Non_finite_coordinates_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SvgDocument.Number(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SvgDocument(10, 10).Line(0, 0, double.PositiveInfinity, 1, PlotColor.Black));
    }

    [Fact]
    public void Escaping_covers_markup_characters_and_drops_control_characters()
    {
        Assert.Equal("a&lt;b&gt;c&amp;d&quot;e&apos;f", SvgDocument.Escape("a<b>c&d\"e'f"));
        Assert.Equal("ab", SvgDocument.Escape("a\u0001b"));
    }

    [Fact]
    public void Groups_left_open_are_closed_so_the_document_still_parses()
    {
        var svg = new SvgDocument(10, 10).BeginGroup(1, 1).BeginGroup().ToString();
        Assert.NotNull(XDocument.Parse(svg).Root);
        Assert.Throws<InvalidOperationException>(() => new SvgDocument(10, 10).EndGroup());
    }

    [Fact]
    public void Colours_are_written_as_lowercase_hex()
    {
        Assert.Equal("#0072b2", PlotColor.FromHex("#0072B2").ToHex());
        Assert.Throws<ArgumentException>(() => PlotColor.FromHex("blue"));
    }

    /// <summary>A culture with a decimal comma; named cultures are unavailable under invariant globalization.</summary>
    private static CultureInfo CommaDecimalCulture()
    {
        var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        culture.NumberFormat.NumberDecimalSeparator = ",";
        culture.NumberFormat.NumberGroupSeparator = ".";
        return culture;
    }
}
