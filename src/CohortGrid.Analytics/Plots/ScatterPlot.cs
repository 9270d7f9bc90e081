using System.Globalization;
using CohortGrid.Slides.Imaging;

namespace CohortGrid.Analytics.Plots;

/// <summary>
/// Predicted against measured expression of one gene across slides or patients: one point per pair, a reference
/// line (identity and/or least squares) and a title with the gene name and Pearson r. Pairs with a non-finite value
/// are left out. Renders to SVG and PNG; <see cref="ScatterPlotGrid"/> puts several genes side by side.
/// </summary>
public sealed class ScatterPlot
{
    /// <summary>SVG class of the points (circles).</summary>
    public const string PointClass = "scatter-point";

    /// <summary>SVG class of the least-squares line.</summary>
    public const string FitClass = "scatter-fit";

    /// <summary>SVG class of the identity line.</summary>
    public const string IdentityClass = "scatter-identity";

    private readonly double[] _measured;
    private readonly double[] _predicted;

    public ScatterPlot(string gene, IReadOnlyList<double> measured, IReadOnlyList<double> predicted)
    {
        ArgumentNullException.ThrowIfNull(gene);
        ArgumentNullException.ThrowIfNull(measured);
        ArgumentNullException.ThrowIfNull(predicted);
        if (measured.Count != predicted.Count)
        {
            throw new ArgumentException($"Gene '{gene}': {measured.Count} measured values but {predicted.Count} predicted.", nameof(predicted));
        }

        Gene = gene;
        var keep = Enumerable.Range(0, measured.Count).Where(i => double.IsFinite(measured[i]) && double.IsFinite(predicted[i])).ToArray();
        _measured = [.. keep.Select(i => measured[i])];
        _predicted = [.. keep.Select(i => predicted[i])];
        PearsonR = Pearson(_measured, _predicted);
        (Intercept, Slope) = LeastSquares(_measured, _predicted);
    }

    public string Gene { get; }

    /// <summary>Number of plotted (finite) pairs.</summary>
    public int Count => _measured.Length;

    /// <summary>Pearson correlation of the plotted pairs; NaN with fewer than two points or no spread.</summary>
    public double PearsonR { get; }

    /// <summary>Intercept of the least-squares line predicted = a + b · measured (NaN when undefined).</summary>
    public double Intercept { get; }

    /// <summary>Slope of the least-squares line (NaN when undefined).</summary>
    public double Slope { get; }

    public ScatterReferenceLine ReferenceLine { get; init; } = ScatterReferenceLine.Both;

    /// <summary>Title override; by default "GENE  r = 0.83 (n = 120)".</summary>
    public string? Title { get; init; }

    public string XLabel { get; init; } = "Measured";

    public string YLabel { get; init; } = "Predicted";

    public PlotColor PointColor { get; init; } = PlotPalette.Group(0);

    /// <summary>The title that is drawn.</summary>
    public string EffectiveTitle => Title ?? string.Create(
        CultureInfo.InvariantCulture,
        $"{Gene}  r = {(double.IsNaN(PearsonR) ? "n/a" : PearsonR.ToString("0.00", CultureInfo.InvariantCulture))} (n = {Count})");

    public string ToSvg(int width = 600, int height = 600)
    {
        var svg = new SvgDocument(width, height);
        Draw(new SvgSurface(svg), new PlotRect(0, 0, width, height));
        return svg.ToString();
    }

    public byte[] ToPng(int width = 600, int height = 600) => new Canvas(Render(width, height)).ToPng();

    public RgbImage Render(int width = 600, int height = 600)
    {
        var canvas = new Canvas(width, height);
        Draw(new CanvasSurface(canvas), new PlotRect(0, 0, width, height));
        return canvas.Image;
    }

    internal void Draw(IPlotSurface surface, PlotRect panel)
    {
        var (xMin, xMax) = Extent(_measured);
        var (yMin, yMax) = Extent(_predicted);
        var identity = ReferenceLine is ScatterReferenceLine.Identity or ScatterReferenceLine.Both;
        if (identity)
        {
            // One range on both axes, or y = x would not be the diagonal.
            (xMin, xMax) = (yMin, yMax) = (Math.Min(xMin, yMin), Math.Max(xMax, yMax));
        }

        var axes = new Axes(panel, AxisSpec.Nice(xMin, xMax, XLabel), AxisSpec.Nice(yMin, yMax, YLabel), EffectiveTitle);
        axes.Draw(surface);
        var width = Math.Max(1, axes.TextScale * 0.75);
        if (identity && Clip(axes, 0, 1) is { } diagonal)
        {
            surface.Line(diagonal.A, diagonal.B, PlotColor.Gray, width, IdentityClass);
        }

        var radius = 1.5 + axes.TextScale;
        // Translucent points so dense clouds show their density.
        var opacity = Count > 200 ? 0.45 : 0.75;
        for (var i = 0; i < _measured.Length; i++)
        {
            surface.Circle(axes.Map(_measured[i], _predicted[i]), radius, PointColor, opacity, PointClass);
        }

        if (ReferenceLine is ScatterReferenceLine.LeastSquares or ScatterReferenceLine.Both
            && double.IsFinite(Slope) && Clip(axes, Intercept, Slope) is { } fit)
        {
            surface.Line(fit.A, fit.B, PlotPalette.Group(1), width * 2, FitClass);
        }
    }

    /// <summary>The part of y = a + b·x inside the axes' data box, in pixels (Liang–Barsky on the x-parameterised line).</summary>
    private static (PlotPoint A, PlotPoint B)? Clip(Axes axes, double intercept, double slope)
    {
        var x0 = axes.XAxis.Min;
        var x1 = axes.XAxis.Max;
        if (slope != 0)
        {
            var atMin = (axes.YAxis.Min - intercept) / slope;
            var atMax = (axes.YAxis.Max - intercept) / slope;
            x0 = Math.Max(x0, Math.Min(atMin, atMax));
            x1 = Math.Min(x1, Math.Max(atMin, atMax));
        }
        else if (intercept < axes.YAxis.Min || intercept > axes.YAxis.Max)
        {
            return null;
        }

        return x1 > x0 ? (axes.Map(x0, intercept + (slope * x0)), axes.Map(x1, intercept + (slope * x1))) : null;
    }

    private static (double Min, double Max) Extent(double[] values) =>
        values.Length == 0 ? (0, 1) : (values.Min(), values.Max());

    internal static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count < 2)
        {
            return double.NaN;
        }

        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }

        return sxx > 0 && syy > 0 ? sxy / Math.Sqrt(sxx * syy) : double.NaN;
    }

    private static (double Intercept, double Slope) LeastSquares(double[] x, double[] y)
    {
        if (x.Length < 2)
        {
            return (double.NaN, double.NaN);
        }

        var mx = x.Average();
        var my = y.Average();
        double sxy = 0, sxx = 0;
        for (var i = 0; i < x.Length; i++)
        {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }

        if (sxx <= 0)
        {
            return (double.NaN, double.NaN);
        }

        var slope = sxy / sxx;
        return (my - (slope * mx), slope);
    }
}
