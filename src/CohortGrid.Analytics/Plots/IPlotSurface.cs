namespace CohortGrid.Analytics.Plots;

/// <summary>
/// What a plot draws with, so one layout renders both to SVG and to PNG. Coordinates are output pixels;
/// <c>role</c> becomes the SVG class (tests and stylesheets find curves by it) and is ignored on the raster.
/// Text positions are the anchor on the text's vertical centre; text size is the bitmap font's integer scale.
/// </summary>
internal interface IPlotSurface
{
    void Line(PlotPoint a, PlotPoint b, PlotColor color, double width, string? role = null);

    void Polyline(IReadOnlyList<PlotPoint> points, PlotColor color, double width, string role, IReadOnlyDictionary<string, string>? data = null);

    void Polygon(IReadOnlyList<PlotPoint> points, PlotColor fill, double opacity, string role);

    void Rect(double x, double y, double width, double height, PlotColor fill, double opacity = 1, string? role = null);

    void Frame(double x, double y, double width, double height, PlotColor stroke, double strokeWidth = 1);

    void Circle(PlotPoint centre, double radius, PlotColor fill, double opacity, string role);

    void Text(PlotPoint anchor, string text, int scale, PlotColor color, TextAnchor align = TextAnchor.Start, bool vertical = false, string? role = null);
}
