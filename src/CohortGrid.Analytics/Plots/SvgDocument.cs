using System.Globalization;
using System.Text;

namespace CohortGrid.Analytics.Plots;

/// <summary>
/// Builds a standalone SVG document as text: lines, paths, polygons, rectangles, circles and text, with XML
/// escaping and invariant number formatting, so the output is the same on every machine and parses as XML.
/// </summary>
public sealed class SvgDocument
{
    private readonly StringBuilder _body = new();
    private int _openGroups;

    /// <summary>An empty document of the given size in pixels (also its viewBox).</summary>
    public SvgDocument(double width, double height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
    }

    public double Width { get; }

    public double Height { get; }

    /// <summary>Font family for text; the raster font is a plain sans, so SVG asks for one too.</summary>
    public string FontFamily { get; init; } = "DejaVu Sans, Arial, Helvetica, sans-serif";

    /// <summary>A straight line.</summary>
    public SvgDocument Line(double x1, double y1, double x2, double y2, PlotColor stroke, double width = 1, string? cssClass = null, double opacity = 1)
    {
        Open("line", cssClass)
            .Attr("x1", x1).Attr("y1", y1).Attr("x2", x2).Attr("y2", y2)
            .Attr("stroke", stroke.ToHex()).Attr("stroke-width", width);
        return Opacity("stroke-opacity", opacity).Close();
    }

    /// <summary>An open path through <paramref name="points"/> ("M x y L x y …"), stroked and not filled.</summary>
    public SvgDocument Path(IReadOnlyList<PlotPoint> points, PlotColor stroke, double width = 1, string? cssClass = null, IReadOnlyDictionary<string, string>? data = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return this;
        }

        var d = new StringBuilder();
        for (var k = 0; k < points.Count; k++)
        {
            d.Append(k == 0 ? "M" : " L").Append(Number(points[k].X)).Append(' ').Append(Number(points[k].Y));
        }

        Open("path", cssClass).Attr("d", d.ToString()).Attr("fill", "none").Attr("stroke", stroke.ToHex()).Attr("stroke-width", width)
            .Attr("stroke-linejoin", "round").Attr("stroke-linecap", "round");
        if (data is not null)
        {
            foreach (var (key, value) in data)
            {
                Attr("data-" + key, value);
            }
        }

        return Close();
    }

    /// <summary>A filled closed polygon, e.g. a confidence band.</summary>
    public SvgDocument Polygon(IReadOnlyList<PlotPoint> points, PlotColor fill, double opacity = 1, string? cssClass = null)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 3)
        {
            return this;
        }

        var list = string.Join(' ', points.Select(p => Number(p.X) + "," + Number(p.Y)));
        Open("polygon", cssClass).Attr("points", list).Attr("fill", fill.ToHex()).Attr("stroke", "none");
        return Opacity("fill-opacity", opacity).Close();
    }

    /// <summary>A rectangle, filled and optionally outlined.</summary>
    public SvgDocument Rect(double x, double y, double width, double height, PlotColor? fill, double opacity = 1, PlotColor? stroke = null, double strokeWidth = 1, string? cssClass = null)
    {
        Open("rect", cssClass).Attr("x", x).Attr("y", y).Attr("width", Math.Max(0, width)).Attr("height", Math.Max(0, height))
            .Attr("fill", fill?.ToHex() ?? "none");
        Opacity("fill-opacity", opacity);
        if (stroke is { } s)
        {
            Attr("stroke", s.ToHex()).Attr("stroke-width", strokeWidth);
        }

        return Close();
    }

    /// <summary>A filled circle.</summary>
    public SvgDocument Circle(double cx, double cy, double r, PlotColor fill, double opacity = 1, string? cssClass = null)
    {
        Open("circle", cssClass).Attr("cx", cx).Attr("cy", cy).Attr("r", r).Attr("fill", fill.ToHex());
        return Opacity("fill-opacity", opacity).Close();
    }

    /// <summary>
    /// One line of text. (<paramref name="x"/>, <paramref name="y"/>) is the anchor point on the text's vertical centre;
    /// <paramref name="rotate"/> turns it about that point in degrees (−90 reads upwards).
    /// </summary>
    public SvgDocument Text(double x, double y, string text, double fontSize, PlotColor color, TextAnchor anchor = TextAnchor.Start, double rotate = 0, string? cssClass = null, bool bold = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        // dominant-baseline is patchy across renderers; shifting the baseline by about half the cap height centres the text.
        var baseline = y + (0.35 * fontSize);
        Open("text", cssClass).Attr("x", x).Attr("y", baseline).Attr("font-size", fontSize).Attr("font-family", FontFamily)
            .Attr("fill", color.ToHex());
        if (anchor != TextAnchor.Start)
        {
            Attr("text-anchor", anchor == TextAnchor.Middle ? "middle" : "end");
        }

        if (bold)
        {
            Attr("font-weight", "bold");
        }

        if (rotate != 0)
        {
            Attr("transform", $"rotate({Number(rotate)} {Number(x)} {Number(y)})");
        }

        _body.Append('>').Append(Escape(text)).Append("</text>\n");
        return this;
    }

    /// <summary>Opens a group translated by (dx, dy); close it with <see cref="EndGroup"/>.</summary>
    public SvgDocument BeginGroup(double dx = 0, double dy = 0, string? cssClass = null)
    {
        _body.Append("<g");
        if (cssClass is not null)
        {
            Attr("class", cssClass);
        }

        if (dx != 0 || dy != 0)
        {
            Attr("transform", $"translate({Number(dx)} {Number(dy)})");
        }

        _body.Append(">\n");
        _openGroups++;
        return this;
    }

    /// <summary>Closes the innermost open group.</summary>
    public SvgDocument EndGroup()
    {
        if (_openGroups == 0)
        {
            throw new InvalidOperationException("No group is open.");
        }

        _openGroups--;
        _body.Append("</g>\n");
        return this;
    }

    /// <summary>The document as SVG text (groups left open are closed).</summary>
    public override string ToString()
    {
        var svg = new StringBuilder();
        svg.Append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
            .Append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").Append(Number(Width)).Append("\" height=\"").Append(Number(Height))
            .Append("\" viewBox=\"0 0 ").Append(Number(Width)).Append(' ').Append(Number(Height)).Append("\">\n")
            .Append(_body);
        for (var k = 0; k < _openGroups; k++)
        {
            svg.Append("</g>\n");
        }

        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>Escapes text for element content and double-quoted attributes; drops characters XML 1.0 forbids.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '"': escaped.Append("&quot;"); break;
                case '\'': escaped.Append("&apos;"); break;
                case < ' ' when c is not ('\t' or '\n' or '\r'): break;
                case '\uFFFE' or '\uFFFF': break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>Invariant, at most three decimals, no exponent, "0" for negative zero; non-finite numbers are refused.</summary>
    public static string Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "SVG coordinates must be finite.");
        }

        var rounded = Math.Round(value, 3);
        return (rounded == 0 ? 0 : rounded).ToString("0.###", CultureInfo.InvariantCulture);
    }

    private SvgDocument Open(string element, string? cssClass)
    {
        _body.Append('<').Append(element);
        if (cssClass is not null)
        {
            Attr("class", cssClass);
        }

        return this;
    }

    private SvgDocument Close()
    {
        _body.Append("/>\n");
        return this;
    }

    private SvgDocument Opacity(string name, double opacity) => opacity < 1 ? Attr(name, Math.Clamp(opacity, 0, 1)) : this;

    private SvgDocument Attr(string name, double value) => Attr(name, Number(value));

    private SvgDocument Attr(string name, string value)
    {
        _body.Append(' ').Append(name).Append("=\"").Append(Escape(value)).Append('"');
        return this;
    }
}
