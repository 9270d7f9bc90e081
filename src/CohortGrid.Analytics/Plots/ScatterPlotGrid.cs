using CohortGrid.Slides.Imaging;

namespace CohortGrid.Analytics.Plots;

/// <summary>Small multiples: several genes' scatter plots in a grid of equal panels, in one SVG or PNG.</summary>
public sealed class ScatterPlotGrid
{
    public ScatterPlotGrid(IReadOnlyList<ScatterPlot> panels, int columns = 3)
    {
        ArgumentNullException.ThrowIfNull(panels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        if (panels.Count == 0)
        {
            throw new ArgumentException("A grid needs at least one panel.", nameof(panels));
        }

        Panels = panels;
        Columns = Math.Min(columns, panels.Count);
    }

    public IReadOnlyList<ScatterPlot> Panels { get; }

    public int Columns { get; }

    public int Rows => (Panels.Count + Columns - 1) / Columns;

    public int PanelWidth { get; init; } = 360;

    public int PanelHeight { get; init; } = 340;

    /// <summary>A heading over the whole grid (e.g. "Top genes by r"); none when null.</summary>
    public string? Title { get; init; }

    public int Width => Columns * PanelWidth;

    public int Height => HeaderHeight + (Rows * PanelHeight);

    private int HeaderHeight => Title is null ? 0 : (BitmapFont.MeasureHeight(2) * 2) + 8;

    public string ToSvg()
    {
        var svg = new SvgDocument(Width, Height);
        var surface = new SvgSurface(svg);
        DrawHeader(surface);
        for (var k = 0; k < Panels.Count; k++)
        {
            var (x, y) = Origin(k);
            // Each panel is laid out at the origin and moved by its group, so panel SVG stays self-contained.
            svg.BeginGroup(x, y, "panel");
            Panels[k].Draw(surface, new PlotRect(0, 0, PanelWidth, PanelHeight));
            svg.EndGroup();
        }

        return svg.ToString();
    }

    public byte[] ToPng() => new Canvas(Render()).ToPng();

    public RgbImage Render()
    {
        var canvas = new Canvas(Width, Height);
        DrawHeader(new CanvasSurface(canvas));
        for (var k = 0; k < Panels.Count; k++)
        {
            var (x, y) = Origin(k);
            Panels[k].Draw(new CanvasSurface(canvas, x, y), new PlotRect(0, 0, PanelWidth, PanelHeight));
        }

        return canvas.Image;
    }

    private (int X, int Y) Origin(int k) => ((k % Columns) * PanelWidth, HeaderHeight + (k / Columns * PanelHeight));

    private void DrawHeader(IPlotSurface surface)
    {
        if (Title is not null)
        {
            surface.Text(new(Width / 2.0, HeaderHeight / 2.0), Title, 2, PlotColor.Black, TextAnchor.Middle, role: "title");
        }
    }
}
