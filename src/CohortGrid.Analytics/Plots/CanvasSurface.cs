namespace CohortGrid.Analytics.Plots;

/// <summary>Draws a plot onto a <see cref="Canvas"/>, shifted by an offset (one panel of a grid).</summary>
internal sealed class CanvasSurface(Canvas canvas, double offsetX = 0, double offsetY = 0) : IPlotSurface
{
    public void Line(PlotPoint a, PlotPoint b, PlotColor color, double width, string? role = null) =>
        canvas.DrawLine(a.X + offsetX, a.Y + offsetY, b.X + offsetX, b.Y + offsetY, color, width);

    public void Polyline(IReadOnlyList<PlotPoint> points, PlotColor color, double width, string role, IReadOnlyDictionary<string, string>? data = null) =>
        canvas.DrawPolyline(Shift(points), color, width);

    public void Polygon(IReadOnlyList<PlotPoint> points, PlotColor fill, double opacity, string role) =>
        canvas.FillPolygon(Shift(points), fill, opacity);

    public void Rect(double x, double y, double width, double height, PlotColor fill, double opacity = 1, string? role = null) =>
        canvas.FillRectangle(x + offsetX, y + offsetY, x + width + offsetX, y + height + offsetY, fill, opacity);

    public void Frame(double x, double y, double width, double height, PlotColor stroke, double strokeWidth = 1)
    {
        var left = x + offsetX;
        var top = y + offsetY;
        canvas.DrawPolyline(
            [new(left, top), new(left + width, top), new(left + width, top + height), new(left, top + height), new(left, top)],
            stroke,
            strokeWidth);
    }

    public void Circle(PlotPoint centre, double radius, PlotColor fill, double opacity, string role) =>
        canvas.FillCircle(centre.X + offsetX, centre.Y + offsetY, radius, fill, opacity);

    public void Text(PlotPoint anchor, string text, int scale, PlotColor color, TextAnchor align = TextAnchor.Start, bool vertical = false, string? role = null)
    {
        var length = BitmapFont.MeasureWidth(text, scale);
        var shift = align switch
        {
            TextAnchor.Middle => length / 2,
            TextAnchor.End => length,
            _ => 0,
        };
        var half = BitmapFont.MeasureHeight(scale) / 2;
        var x = (int)Math.Round(anchor.X + offsetX);
        var y = (int)Math.Round(anchor.Y + offsetY);
        if (vertical)
        {
            // Reading upwards: the start is at the bottom, and the glyphs' height runs along x.
            canvas.DrawTextVertical(x - half, y + shift, text, color, scale);
        }
        else
        {
            canvas.DrawText(x - shift, y - half, text, color, scale);
        }
    }

    private PlotPoint[] Shift(IReadOnlyList<PlotPoint> points) =>
        [.. points.Select(p => new PlotPoint(p.X + offsetX, p.Y + offsetY))];
}
