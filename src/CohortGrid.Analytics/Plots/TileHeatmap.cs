using System.Globalization;
using CohortGrid.Slides.Imaging;

namespace CohortGrid.Analytics.Plots;

/// <summary>
/// Per-tile values (risk, attention weight, gene score) painted over a slide thumbnail. A tile at level-0 (x, y) with
/// level-0 footprint w × h covers the thumbnail region [x·sx, (x+w)·sx) × [y·sy, (y+h)·sy), and colours the pixels whose
/// centres fall inside it, clipped to the image; so adjacent tiles neither overlap nor leave gaps. Tiles with a NaN
/// (or infinite) value are left uncoloured. The output has the thumbnail's size and can be laid over thumbnail.png.
/// </summary>
public sealed class TileHeatmap
{
    private readonly RgbImage _thumbnail;
    private readonly IReadOnlyList<TileOrigin> _tiles;
    private readonly IReadOnlyList<double> _values;

    /// <param name="thumbnail">The slide thumbnail drawn underneath (not modified).</param>
    /// <param name="scaleX">Thumbnail pixels per level-0 pixel horizontally (thumbnail width / slide width).</param>
    /// <param name="scaleY">Thumbnail pixels per level-0 pixel vertically.</param>
    /// <param name="tiles">Each tile's level-0 top-left corner.</param>
    /// <param name="tileWidth">Tile footprint width in level-0 pixels.</param>
    /// <param name="tileHeight">Tile footprint height in level-0 pixels.</param>
    /// <param name="values">One value per tile, in the order of <paramref name="tiles"/>; NaN = no value.</param>
    /// <param name="options">Colormap, opacity, value range and colour bar; defaults when null.</param>
    public TileHeatmap(
        RgbImage thumbnail,
        double scaleX,
        double scaleY,
        IReadOnlyList<TileOrigin> tiles,
        double tileWidth,
        double tileHeight,
        IReadOnlyList<double> values,
        TileHeatmapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(thumbnail);
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(values);
        RequirePositive(scaleX, nameof(scaleX));
        RequirePositive(scaleY, nameof(scaleY));
        RequirePositive(tileWidth, nameof(tileWidth));
        RequirePositive(tileHeight, nameof(tileHeight));
        if (tiles.Count != values.Count)
        {
            throw new ArgumentException($"{tiles.Count} tiles but {values.Count} values; there must be one value per tile.", nameof(values));
        }

        Options = options ?? TileHeatmapOptions.Default;
        if (!(Options.Opacity is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), Options.Opacity, "Opacity must be in 0..1.");
        }

        if (!(Options.LowerPercentile >= 0 && Options.LowerPercentile <= Options.UpperPercentile && Options.UpperPercentile <= 100))
        {
            throw new ArgumentOutOfRangeException(nameof(options), "Percentiles must satisfy 0 ≤ lower ≤ upper ≤ 100.");
        }

        _thumbnail = thumbnail;
        ScaleX = scaleX;
        ScaleY = scaleY;
        _tiles = tiles;
        TileWidth = tileWidth;
        TileHeight = tileHeight;
        _values = values;
        Colormap = Colormap.For(Options.Colormap);
        Range = ComputeRange(values, Options);
    }

    public double ScaleX { get; }

    public double ScaleY { get; }

    public double TileWidth { get; }

    public double TileHeight { get; }

    public TileHeatmapOptions Options { get; }

    public Colormap Colormap { get; }

    /// <summary>The values at the colormap's ends, as drawn and as labelled on the colour bar.</summary>
    public HeatmapRange Range { get; }

    /// <summary>
    /// The value range: the lower/upper percentiles of the finite values (linear interpolation between order
    /// statistics), replaced by fixed <see cref="TileHeatmapOptions.Min"/>/<see cref="TileHeatmapOptions.Max"/> where given,
    /// then made symmetric around 0 if asked (or by default for a diverging colormap). No finite values gives 0..1.
    /// </summary>
    public static HeatmapRange ComputeRange(IReadOnlyList<double> values, TileHeatmapOptions options)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(options);
        var finite = values.Where(double.IsFinite).Order().ToArray();
        var min = options.Min ?? (finite.Length == 0 ? 0 : Percentile(finite, options.LowerPercentile));
        var max = options.Max ?? (finite.Length == 0 ? 1 : Percentile(finite, options.UpperPercentile));
        var symmetric = options.SymmetricAroundZero ?? Colormap.For(options.Colormap).IsDiverging;
        if (symmetric)
        {
            var m = Math.Max(Math.Abs(min), Math.Abs(max));
            return m > 0 ? new HeatmapRange(-m, m) : new HeatmapRange(-1, 1);
        }

        return new HeatmapRange(min, max);
    }

    /// <summary>The <paramref name="percent"/>-th percentile of sorted values, interpolating between neighbours.</summary>
    internal static double Percentile(double[] sorted, double percent)
    {
        var position = percent / 100 * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>
    /// The thumbnail pixels tile <paramref name="index"/> colours, as half-open column and row ranges
    /// [Left, Right) × [Top, Bottom), already clipped to the thumbnail (empty when the tile lies outside it).
    /// </summary>
    public (int Left, int Top, int Right, int Bottom) PixelBounds(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_tiles.Count, nameof(index));
        var tile = _tiles[index];
        var (left, right) = Canvas.CentreSpan(tile.X * ScaleX, (tile.X + TileWidth) * ScaleX, _thumbnail.Width);
        var (top, bottom) = Canvas.CentreSpan(tile.Y * ScaleY, (tile.Y + TileHeight) * ScaleY, _thumbnail.Height);
        return (left, top, right, bottom);
    }

    /// <summary>The colour tile <paramref name="index"/> is painted with before blending, or null for a missing value.</summary>
    public PlotColor? ColorOf(int index)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_values.Count, nameof(index));
        var value = _values[index];
        return double.IsFinite(value) ? Colormap.Map(Range.Normalize(value)) : null;
    }

    /// <summary>A new image of the thumbnail's size: the thumbnail, the coloured tiles over it, and the colour bar.</summary>
    public RgbImage Render()
    {
        var image = new RgbImage(_thumbnail.Width, _thumbnail.Height);
        _thumbnail.Data.CopyTo(image.Data, 0);
        var canvas = new Canvas(image);
        for (var k = 0; k < _tiles.Count; k++)
        {
            if (ColorOf(k) is not { } color)
            {
                continue;
            }

            var (left, top, right, bottom) = PixelBounds(k);
            canvas.FillRect(left, top, right - left, bottom - top, color, Options.Opacity);
        }

        if (Options.ShowColorBar)
        {
            DrawColorBar(canvas);
        }

        return image;
    }

    /// <summary>The rendered overlay as PNG bytes.</summary>
    public byte[] ToPng() => new Canvas(Render()).ToPng();

    /// <summary>
    /// A vertical gradient (high at the top) with the range's ends written beside it, on a light box in the chosen
    /// corner. Left out when the thumbnail is too small to hold it, rather than covering the tissue.
    /// </summary>
    private void DrawColorBar(Canvas canvas)
    {
        var s = Math.Min(canvas.Width, canvas.Height) >= 600 ? 2 : 1;
        var pad = 3 * s;
        var glyph = BitmapFont.MeasureHeight(s);
        var barHeight = Math.Clamp((int)Math.Round(canvas.Height * 0.3), 20, 200 * s);
        var barWidth = (6 * s) + 2;
        var maxLabel = FormatValue(Range.Max);
        var minLabel = FormatValue(Range.Min);
        var labelWidth = Math.Max(BitmapFont.MeasureWidth(maxLabel, s), BitmapFont.MeasureWidth(minLabel, s));
        var captionWidth = Options.Label is null ? 0 : BitmapFont.MeasureWidth(Options.Label, s);
        var captionHeight = Options.Label is null ? 0 : glyph + pad;
        var boxWidth = pad + Math.Max(barWidth + pad + labelWidth, captionWidth) + pad;
        var boxHeight = pad + captionHeight + (glyph / 2) + barHeight + (glyph / 2) + pad;
        var margin = 4 * s;
        if (boxWidth + (2 * margin) > canvas.Width || boxHeight + (2 * margin) > canvas.Height)
        {
            return;
        }

        var corner = Options.ColorBarCorner;
        var left = corner is PlotCorner.TopLeft or PlotCorner.BottomLeft ? margin : canvas.Width - margin - boxWidth;
        var top = corner is PlotCorner.TopLeft or PlotCorner.TopRight ? margin : canvas.Height - margin - boxHeight;
        canvas.FillRect(left, top, boxWidth, boxHeight, PlotColor.White, 0.85);
        if (Options.Label is not null)
        {
            canvas.DrawText(left + pad, top + pad, Options.Label, PlotColor.Black, s);
        }

        var barLeft = left + pad;
        var barTop = top + pad + captionHeight + (glyph / 2);
        for (var row = 0; row < barHeight; row++)
        {
            var t = barHeight == 1 ? 1 : 1 - ((double)row / (barHeight - 1));
            canvas.FillRect(barLeft, barTop + row, barWidth, 1, Colormap.Map(t));
        }

        canvas.DrawPolyline(
            [new(barLeft - 0.5, barTop - 0.5), new(barLeft + barWidth + 0.5, barTop - 0.5), new(barLeft + barWidth + 0.5, barTop + barHeight + 0.5), new(barLeft - 0.5, barTop + barHeight + 0.5), new(barLeft - 0.5, barTop - 0.5)],
            PlotColor.Gray);
        var labelLeft = barLeft + barWidth + pad;
        canvas.DrawText(labelLeft, barTop - (glyph / 2), maxLabel, PlotColor.Black, s);
        canvas.DrawText(labelLeft, barTop + barHeight - (glyph / 2) - 1, minLabel, PlotColor.Black, s);
    }

    private static string FormatValue(double value) => (value == 0 ? 0 : value).ToString("G3", CultureInfo.InvariantCulture);

    private static void RequirePositive(double value, string name)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentOutOfRangeException(name, value, "Must be finite and positive.");
        }
    }
}
