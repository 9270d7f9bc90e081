namespace CohortGrid.Analytics.Plots;

/// <summary>
/// The frame of a 2-D plot inside a panel: margins sized from the bitmap font, the plot area on whole pixels,
/// light grid lines at the ticks, tick labels, axis labels and a title. Plots place their data with <see cref="Map"/>.
/// </summary>
internal sealed class Axes
{
    private const int TickLength = 5;

    public Axes(PlotRect panel, AxisSpec x, AxisSpec y, string? title)
    {
        Panel = panel;
        XAxis = x;
        YAxis = y;
        Title = title;
        TextScale = TextScaleFor(panel);
        var s = TextScale;
        var pad = 4 * s;
        var glyph = BitmapFont.MeasureHeight(s);
        var tickLabelWidth = y.Ticks.Select(t => BitmapFont.MeasureWidth(y.Format(t), s)).DefaultIfEmpty(0).Max();
        var lastXLabel = BitmapFont.MeasureWidth(x.Format(x.Max), s);
        TitleScale = title is null ? s : (BitmapFont.MeasureWidth(title, s + 1) <= panel.Width - (2 * pad) ? s + 1 : s);
        var top = pad + (title is null ? glyph / 2 : BitmapFont.MeasureHeight(TitleScale) + (2 * pad));
        var left = pad + glyph + pad + tickLabelWidth + pad + TickLength;
        var bottom = TickLength + pad + glyph + (2 * pad) + glyph + pad;
        var right = pad + Math.Max(lastXLabel / 2, pad);
        // Whole-pixel edges, so 1 px axis lines drawn on the half pixel are crisp on the raster.
        var areaLeft = Math.Round(panel.Left + left);
        var areaTop = Math.Round(panel.Top + top);
        var areaRight = Math.Round(panel.Right - right);
        var areaBottom = Math.Round(panel.Bottom - bottom);
        Area = new PlotRect(areaLeft, areaTop, Math.Max(1, areaRight - areaLeft), Math.Max(1, areaBottom - areaTop));
        X = new LinearScale(x.Min, x.Max, Area.Left, Area.Right);
        Y = new LinearScale(y.Min, y.Max, Area.Bottom, Area.Top);
    }

    public PlotRect Panel { get; }

    public AxisSpec XAxis { get; }

    public AxisSpec YAxis { get; }

    public string? Title { get; }

    /// <summary>Bitmap-font scale for labels: 1 for small panels, 2 around 600 px, more for posters.</summary>
    public int TextScale { get; }

    public int TitleScale { get; }

    /// <summary>The plot area; data inside the axis ranges maps into it.</summary>
    public PlotRect Area { get; }

    public LinearScale X { get; }

    public LinearScale Y { get; }

    public static int TextScaleFor(PlotRect panel) => Math.Max(1, (int)(Math.Min(panel.Width, panel.Height) / 280));

    public PlotPoint Map(double x, double y) => new(X.Map(x), Y.Map(y));

    /// <summary>Background, grid, axes, ticks and labels; data is drawn afterwards, on top.</summary>
    public void Draw(IPlotSurface surface)
    {
        var s = TextScale;
        var pad = 4 * s;
        var glyph = BitmapFont.MeasureHeight(s);
        surface.Rect(Panel.Left, Panel.Top, Panel.Width, Panel.Height, PlotColor.White, role: "background");
        foreach (var t in XAxis.Ticks)
        {
            var px = Crisp(X.Map(t));
            surface.Line(new(px, Area.Top), new(px, Area.Bottom), PlotColor.LightGray, 1, "grid");
            surface.Line(new(px, Area.Bottom), new(px, Area.Bottom + TickLength), PlotColor.Black, 1, "tick");
            surface.Text(new(px, Area.Bottom + TickLength + pad + (glyph / 2.0)), XAxis.Format(t), s, PlotColor.Black, TextAnchor.Middle, role: "tick-label");
        }

        foreach (var t in YAxis.Ticks)
        {
            var py = Crisp(Y.Map(t));
            surface.Line(new(Area.Left, py), new(Area.Right, py), PlotColor.LightGray, 1, "grid");
            surface.Line(new(Area.Left - TickLength, py), new(Area.Left, py), PlotColor.Black, 1, "tick");
            surface.Text(new(Area.Left - TickLength - pad, py), YAxis.Format(t), s, PlotColor.Black, TextAnchor.End, role: "tick-label");
        }

        surface.Line(new(Area.Left + 0.5, Area.Top), new(Area.Left + 0.5, Area.Bottom + 0.5), PlotColor.Black, 1, "axis");
        surface.Line(new(Area.Left, Area.Bottom + 0.5), new(Area.Right, Area.Bottom + 0.5), PlotColor.Black, 1, "axis");
        var xLabelY = Area.Bottom + TickLength + pad + glyph + (2 * pad) + (glyph / 2.0);
        surface.Text(new((Area.Left + Area.Right) / 2, xLabelY), XAxis.Label, s, PlotColor.Black, TextAnchor.Middle, role: "axis-label");
        surface.Text(new(Panel.Left + pad + (glyph / 2.0), (Area.Top + Area.Bottom) / 2), YAxis.Label, s, PlotColor.Black, TextAnchor.Middle, vertical: true, role: "axis-label");
        if (Title is not null)
        {
            var titleHeight = BitmapFont.MeasureHeight(TitleScale);
            surface.Text(new((Panel.Left + Panel.Right) / 2, Panel.Top + pad + (titleHeight / 2.0)), Title, TitleScale, PlotColor.Black, TextAnchor.Middle, role: "title");
        }
    }

    /// <summary>The centre of the pixel a 1 px line at <paramref name="v"/> should occupy.</summary>
    public static double Crisp(double v) => Math.Floor(v) + 0.5;
}
