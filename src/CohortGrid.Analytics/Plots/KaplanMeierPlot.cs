using System.Globalization;
using CohortGrid.Slides.Imaging;

namespace CohortGrid.Analytics.Plots;

/// <summary>
/// Kaplan–Meier survival curves by group: right-continuous step curves from S = 1 at t = 0, optional shaded confidence
/// bands, censoring ticks, a legend with each group's n, and an optional annotation (e.g. the log-rank p-value).
/// Renders the same layout to SVG (<see cref="ToSvg"/>) and PNG (<see cref="ToPng"/>).
/// </summary>
public sealed class KaplanMeierPlot
{
    /// <summary>SVG class of each group's curve (one path per group).</summary>
    public const string CurveClass = "km-curve";

    /// <summary>SVG class of confidence bands (polygons).</summary>
    public const string BandClass = "km-ci";

    /// <summary>SVG class of censoring ticks (lines).</summary>
    public const string CensorClass = "km-censor";

    private const double BandOpacity = 0.18;

    public KaplanMeierPlot(IReadOnlyList<KaplanMeierSeries> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        if (series.Count == 0)
        {
            throw new ArgumentException("A Kaplan-Meier plot needs at least one group.", nameof(series));
        }

        foreach (var s in series)
        {
            ArgumentNullException.ThrowIfNull(s, nameof(series));
            s.Validate();
        }

        Series = series;
    }

    public IReadOnlyList<KaplanMeierSeries> Series { get; }

    public string Title { get; init; } = "Kaplan-Meier survival";

    public string XLabel { get; init; } = "Time (days)";

    public string YLabel { get; init; } = "Survival probability";

    /// <summary>A line under the legend, e.g. "log-rank p = 0.0013"; none when null.</summary>
    public string? Annotation { get; init; }

    public bool ShowConfidenceBands { get; init; } = true;

    public bool ShowCensorMarks { get; init; } = true;

    /// <summary>Right end of the time axis; by default the last observed time, widened to a nice tick.</summary>
    public double? MaxTime { get; init; }

    public PlotCorner LegendCorner { get; init; } = PlotCorner.BottomLeft;

    /// <summary>Group colours in order; the Okabe–Ito palette by default.</summary>
    public IReadOnlyList<PlotColor>? Colors { get; init; }

    /// <summary>The plot as a standalone SVG document.</summary>
    public string ToSvg(int width = 800, int height = 600)
    {
        var svg = new SvgDocument(width, height);
        Draw(new SvgSurface(svg), new PlotRect(0, 0, width, height));
        return svg.ToString();
    }

    /// <summary>The plot as PNG bytes.</summary>
    public byte[] ToPng(int width = 800, int height = 600) => new Canvas(Render(width, height)).ToPng();

    /// <summary>The plot as a raster image.</summary>
    public RgbImage Render(int width = 800, int height = 600)
    {
        var canvas = new Canvas(width, height);
        Draw(new CanvasSurface(canvas), new PlotRect(0, 0, width, height));
        return canvas.Image;
    }

    internal void Draw(IPlotSurface surface, PlotRect panel)
    {
        var endTime = MaxTime ?? Series.Max(s => s.LastTime);
        var xAxis = endTime > 0 ? AxisSpec.Nice(0, endTime, XLabel, 6) : new AxisSpec(0, 1, 0.2, XLabel);
        if (MaxTime is { } fixedEnd && fixedEnd > 0)
        {
            // An explicit end is honoured exactly; ticks stay on the nice step.
            xAxis = xAxis with { Max = fixedEnd, Step = AxisTicks.NiceStep(fixedEnd, 6) };
        }

        var axes = new Axes(panel, xAxis, new AxisSpec(0, 1, 0.2, YLabel), Title);
        axes.Draw(surface);
        var width = Math.Max(1.5, axes.TextScale);
        var ends = Series.Select(s => Math.Min(s.LastTime, xAxis.Max)).ToArray();
        // All bands first, so no group's translucent band veils another group's curve.
        if (ShowConfidenceBands)
        {
            for (var g = 0; g < Series.Count; g++)
            {
                foreach (var band in Bands(Series[g], ends[g]))
                {
                    surface.Polygon([.. band.Select(v => axes.Map(v.Time, v.Survival))], ColorOf(g), BandOpacity, BandClass);
                }
            }
        }

        for (var g = 0; g < Series.Count; g++)
        {
            var series = Series[g];
            var color = ColorOf(g);
            var vertices = series.StepVertices(ends[g]).Select(v => axes.Map(v.Time, v.Survival)).ToArray();
            var data = new Dictionary<string, string> { ["group"] = series.Label, ["n"] = series.N.ToString(CultureInfo.InvariantCulture) };
            surface.Polyline(vertices, color, width, CurveClass, data);
            if (ShowCensorMarks)
            {
                var half = 3 + axes.TextScale;
                foreach (var c in series.CensorTimes.Where(c => c <= xAxis.Max))
                {
                    var p = axes.Map(c, series.SurvivalAt(c));
                    surface.Line(new(p.X, p.Y - half), new(p.X, p.Y + half), color, Math.Max(1, width * 0.75), CensorClass);
                }
            }
        }

        DrawLegend(surface, axes);
    }

    /// <summary>
    /// The confidence band as polygons in data units, one per run of steps with finite bounds: the upper edge
    /// stepping forwards, then the lower edge stepping back.
    /// </summary>
    internal static IReadOnlyList<IReadOnlyList<(double Time, double Survival)>> Bands(KaplanMeierSeries series, double endTime)
    {
        var bands = new List<IReadOnlyList<(double, double)>>();
        var upper = new List<(double, double)>();
        var lower = new List<(double, double)>();
        for (var k = 0; k < series.Steps.Count; k++)
        {
            var step = series.Steps[k];
            var start = step.Time;
            var end = Math.Min(k + 1 < series.Steps.Count ? series.Steps[k + 1].Time : endTime, endTime);
            var finite = double.IsFinite(step.Lower) && double.IsFinite(step.Upper) && start < endTime;
            if (finite && end >= start)
            {
                var lo = Math.Clamp(step.Lower, 0, 1);
                var hi = Math.Clamp(step.Upper, 0, 1);
                upper.Add((start, hi));
                upper.Add((end, hi));
                lower.Add((start, lo));
                lower.Add((end, lo));
            }
            else
            {
                Flush();
            }
        }

        Flush();
        return bands;

        void Flush()
        {
            if (upper.Count > 0)
            {
                lower.Reverse();
                bands.Add([.. upper, .. lower]);
            }

            upper.Clear();
            lower.Clear();
        }
    }

    private PlotColor ColorOf(int group) =>
        Colors is { Count: > 0 } colors ? colors[group % colors.Count] : PlotPalette.Group(group);

    private void DrawLegend(IPlotSurface surface, Axes axes)
    {
        var s = axes.TextScale;
        var pad = 4 * s;
        var line = BitmapFont.LineHeight * s * 1.5;
        var swatch = 16 * s;
        var entries = Series.Select(x => $"{x.Label} (n={x.N})").ToList();
        var textWidth = entries.Select(e => BitmapFont.MeasureWidth(e, s)).DefaultIfEmpty(0).Max();
        var annotationWidth = Annotation is null ? 0 : BitmapFont.MeasureWidth(Annotation, s);
        var boxWidth = pad + Math.Max(swatch + pad + textWidth, annotationWidth) + pad;
        var rows = entries.Count + (Annotation is null ? 0 : 1);
        var boxHeight = (2 * pad) + (rows * line) - (line - BitmapFont.MeasureHeight(s));
        var area = axes.Area;
        var margin = 2 * pad;
        var left = LegendCorner is PlotCorner.TopLeft or PlotCorner.BottomLeft ? area.Left + margin : area.Right - margin - boxWidth;
        var top = LegendCorner is PlotCorner.TopLeft or PlotCorner.TopRight ? area.Top + margin : area.Bottom - margin - boxHeight;
        left = Math.Round(left);
        top = Math.Round(top);
        surface.Rect(left, top, boxWidth, boxHeight, PlotColor.White, 0.85, "legend");
        surface.Frame(left + 0.5, top + 0.5, boxWidth - 1, boxHeight - 1, PlotColor.LightGray);
        var y = top + pad + (BitmapFont.MeasureHeight(s) / 2.0);
        for (var g = 0; g < entries.Count; g++)
        {
            var color = ColorOf(g);
            surface.Line(new(left + pad, y), new(left + pad + swatch, y), color, Math.Max(1.5, s), "legend-swatch");
            surface.Text(new(left + pad + swatch + pad, y), entries[g], s, PlotColor.Black, role: "legend-label");
            y += line;
        }

        if (Annotation is not null)
        {
            surface.Text(new(left + pad, y), Annotation, s, PlotColor.Black, role: "annotation");
        }
    }
}
