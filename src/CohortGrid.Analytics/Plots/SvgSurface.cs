namespace CohortGrid.Analytics.Plots;

/// <summary>Draws a plot into an <see cref="SvgDocument"/>; panels of a grid are shifted with SVG groups instead.</summary>
internal sealed class SvgSurface(SvgDocument svg) : IPlotSurface
{
    /// <summary>SVG font size per bitmap-font scale step: the 7 px cap height is about 0.7 em of a 10 px font.</summary>
    public const double FontSizePerScale = 10;

    public void Line(PlotPoint a, PlotPoint b, PlotColor color, double width, string? role = null) =>
        svg.Line(a.X, a.Y, b.X, b.Y, color, width, role);

    public void Polyline(IReadOnlyList<PlotPoint> points, PlotColor color, double width, string role, IReadOnlyDictionary<string, string>? data = null) =>
        svg.Path(points, color, width, role, data);

    public void Polygon(IReadOnlyList<PlotPoint> points, PlotColor fill, double opacity, string role) =>
        svg.Polygon(points, fill, opacity, role);

    public void Rect(double x, double y, double width, double height, PlotColor fill, double opacity = 1, string? role = null) =>
        svg.Rect(x, y, width, height, fill, opacity, cssClass: role);

    public void Frame(double x, double y, double width, double height, PlotColor stroke, double strokeWidth = 1) =>
        svg.Rect(x, y, width, height, null, stroke: stroke, strokeWidth: strokeWidth, cssClass: "frame");

    public void Circle(PlotPoint centre, double radius, PlotColor fill, double opacity, string role) =>
        svg.Circle(centre.X, centre.Y, radius, fill, opacity, role);

    public void Text(PlotPoint anchor, string text, int scale, PlotColor color, TextAnchor align = TextAnchor.Start, bool vertical = false, string? role = null) =>
        svg.Text(anchor.X, anchor.Y, text, scale * FontSizePerScale, color, align, vertical ? -90 : 0, role);
}
