using CohortGrid.Slides.Imaging;

namespace CohortGrid.Analytics.Plots;

/// <summary>
/// A small raster canvas over an <see cref="RgbImage"/>: rectangles, anti-aliased lines and circles, polygons,
/// markers and bitmap-font text, all alpha-blended in sRGB. Pixel (i, j) covers [i, i+1) × [j, j+1), so its centre
/// is (i + 0.5, j + 0.5); a 1 px line along y = j + 0.5 is exactly one row of pixels. Everything is clipped to the image.
/// </summary>
public sealed class Canvas
{
    private readonly byte[] _data;

    /// <summary>A new white canvas.</summary>
    public Canvas(int width, int height)
        : this(new RgbImage(width, height))
    {
        Clear(PlotColor.White);
    }

    /// <summary>Draws onto <paramref name="image"/> in place (e.g. a thumbnail under an overlay).</summary>
    public Canvas(RgbImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        Image = image;
        _data = image.Data;
    }

    /// <summary>The pixels drawn so far.</summary>
    public RgbImage Image { get; }

    public int Width => Image.Width;

    public int Height => Image.Height;

    /// <summary>Sets every pixel to <paramref name="color"/>.</summary>
    public void Clear(PlotColor color)
    {
        for (var i = 0; i < _data.Length; i += 3)
        {
            _data[i] = color.R;
            _data[i + 1] = color.G;
            _data[i + 2] = color.B;
        }
    }

    /// <summary>The colour of pixel (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public PlotColor GetPixel(int x, int y)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)x, (uint)Width, nameof(x));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)y, (uint)Height, nameof(y));
        var i = ((y * Width) + x) * 3;
        return new PlotColor(_data[i], _data[i + 1], _data[i + 2]);
    }

    /// <summary>Blends <paramref name="color"/> over one pixel: out = old + (color − old) · alpha. Outside the image it does nothing.</summary>
    public void BlendPixel(int x, int y, PlotColor color, double alpha = 1)
    {
        if ((uint)x >= (uint)Width || (uint)y >= (uint)Height || !(alpha > 0))
        {
            return;
        }

        var i = ((y * Width) + x) * 3;
        if (alpha >= 1)
        {
            _data[i] = color.R;
            _data[i + 1] = color.G;
            _data[i + 2] = color.B;
            return;
        }

        _data[i] = Mix(_data[i], color.R, alpha);
        _data[i + 1] = Mix(_data[i + 1], color.G, alpha);
        _data[i + 2] = Mix(_data[i + 2], color.B, alpha);
    }

    /// <summary>Fills whole pixels: columns [x, x + width) and rows [y, y + height), clipped.</summary>
    public void FillRect(int x, int y, int width, int height, PlotColor color, double alpha = 1)
    {
        var x0 = Math.Max(0, x);
        var y0 = Math.Max(0, y);
        var x1 = (int)Math.Min(Width, (long)x + width);
        var y1 = (int)Math.Min(Height, (long)y + height);
        for (var row = y0; row < y1; row++)
        {
            for (var column = x0; column < x1; column++)
            {
                BlendPixel(column, row, color, alpha);
            }
        }
    }

    /// <summary>
    /// Fills the pixels whose centres lie in [left, right) × [top, bottom), the rule that lets adjacent rectangles
    /// (tiles of a grid) share an edge without gaps or double blending.
    /// </summary>
    public void FillRectangle(double left, double top, double right, double bottom, PlotColor color, double alpha = 1)
    {
        var (x0, x1) = CentreSpan(left, right, Width);
        var (y0, y1) = CentreSpan(top, bottom, Height);
        for (var row = y0; row < y1; row++)
        {
            for (var column = x0; column < x1; column++)
            {
                BlendPixel(column, row, color, alpha);
            }
        }
    }

    /// <summary>The pixel indices [first, end) whose centres i + 0.5 lie in [from, to), clipped to [0, size).</summary>
    internal static (int First, int End) CentreSpan(double from, double to, int size)
    {
        if (!(to > from))
        {
            return (0, 0);
        }

        var first = Math.Clamp(Math.Ceiling(from - 0.5), 0, size);
        var end = Math.Clamp(Math.Ceiling(to - 0.5), 0, size);
        return ((int)first, (int)Math.Max(first, end));
    }

    /// <summary>An anti-aliased straight line with round ends.</summary>
    public void DrawLine(double x0, double y0, double x1, double y1, PlotColor color, double width = 1, double alpha = 1) =>
        DrawPolyline([new PlotPoint(x0, y0), new PlotPoint(x1, y1)], color, width, alpha);

    /// <summary>An anti-aliased polyline; joints are blended once, so they do not darken where segments overlap.</summary>
    public void DrawPolyline(IReadOnlyList<PlotPoint> points, PlotColor color, double width = 1, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0 || !(width > 0))
        {
            return;
        }

        var half = width / 2;
        var mask = CoverageMask.Around(points, half + 1, Width, Height);
        if (mask is null)
        {
            return;
        }

        for (var k = 0; k < points.Count; k++)
        {
            var a = points[k];
            var b = k + 1 < points.Count ? points[k + 1] : a;
            if (k + 1 < points.Count || points.Count == 1)
            {
                mask.AddSegment(a, b, half);
            }
        }

        mask.Blend(this, color, alpha);
    }

    /// <summary>
    /// A step function through <paramref name="points"/>: from each point horizontally to the next point's x, then
    /// vertically to its y (right-continuous steps, as a survival curve).
    /// </summary>
    public void DrawStepLine(IReadOnlyList<PlotPoint> points, PlotColor color, double width = 1, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        DrawPolyline(StepVertices(points), color, width, alpha);
    }

    /// <summary>The corner vertices of the step function through <paramref name="points"/> (horizontal, then vertical).</summary>
    public static IReadOnlyList<PlotPoint> StepVertices(IReadOnlyList<PlotPoint> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        var vertices = new List<PlotPoint>(points.Count * 2);
        for (var k = 0; k < points.Count; k++)
        {
            if (k > 0)
            {
                vertices.Add(new PlotPoint(points[k].X, points[k - 1].Y));
            }

            vertices.Add(points[k]);
        }

        return vertices;
    }

    /// <summary>Fills a polygon (even-odd rule) by pixel centres, blended once per pixel; used for confidence bands.</summary>
    public void FillPolygon(IReadOnlyList<PlotPoint> points, PlotColor color, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count < 3)
        {
            return;
        }

        var top = double.MaxValue;
        var bottom = double.MinValue;
        foreach (var p in points)
        {
            top = Math.Min(top, p.Y);
            bottom = Math.Max(bottom, p.Y);
        }

        var (rowFirst, rowEnd) = CentreSpan(top, bottom, Height);
        var crossings = new List<double>();
        for (var row = rowFirst; row < rowEnd; row++)
        {
            var yc = row + 0.5;
            crossings.Clear();
            for (var k = 0; k < points.Count; k++)
            {
                var a = points[k];
                var b = points[(k + 1) % points.Count];
                // Half-open in y, so a vertex shared by two edges is counted once.
                if ((a.Y <= yc && yc < b.Y) || (b.Y <= yc && yc < a.Y))
                {
                    crossings.Add(a.X + ((yc - a.Y) / (b.Y - a.Y) * (b.X - a.X)));
                }
            }

            crossings.Sort();
            for (var k = 0; k + 1 < crossings.Count; k += 2)
            {
                var (first, end) = CentreSpan(crossings[k], crossings[k + 1], Width);
                for (var column = first; column < end; column++)
                {
                    BlendPixel(column, row, color, alpha);
                }
            }
        }
    }

    /// <summary>An anti-aliased filled disc.</summary>
    public void FillCircle(double cx, double cy, double radius, PlotColor color, double alpha = 1)
    {
        if (!(radius > 0))
        {
            return;
        }

        var x0 = Math.Max(0, (int)Math.Floor(cx - radius - 1));
        var x1 = Math.Min(Width - 1, (int)Math.Ceiling(cx + radius + 1));
        var y0 = Math.Max(0, (int)Math.Floor(cy - radius - 1));
        var y1 = Math.Min(Height - 1, (int)Math.Ceiling(cy + radius + 1));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var d = Math.Sqrt(Square(x + 0.5 - cx) + Square(y + 0.5 - cy));
                var coverage = Math.Clamp(radius + 0.5 - d, 0, 1);
                BlendPixel(x, y, color, coverage * alpha);
            }
        }
    }

    /// <summary>An anti-aliased circle outline of the given stroke width.</summary>
    public void DrawCircle(double cx, double cy, double radius, PlotColor color, double width = 1, double alpha = 1)
    {
        var half = width / 2;
        var reach = radius + half + 1;
        var x0 = Math.Max(0, (int)Math.Floor(cx - reach));
        var x1 = Math.Min(Width - 1, (int)Math.Ceiling(cx + reach));
        var y0 = Math.Max(0, (int)Math.Floor(cy - reach));
        var y1 = Math.Min(Height - 1, (int)Math.Ceiling(cy + reach));
        for (var y = y0; y <= y1; y++)
        {
            for (var x = x0; x <= x1; x++)
            {
                var d = Math.Sqrt(Square(x + 0.5 - cx) + Square(y + 0.5 - cy));
                var coverage = Math.Clamp(half + 0.5 - Math.Abs(d - radius), 0, 1);
                BlendPixel(x, y, color, coverage * alpha);
            }
        }
    }

    /// <summary>A point marker of overall size <paramref name="size"/> pixels centred on (cx, cy).</summary>
    public void DrawMarker(double cx, double cy, MarkerShape shape, double size, PlotColor color, double alpha = 1)
    {
        var r = size / 2;
        switch (shape)
        {
            case MarkerShape.Circle:
                FillCircle(cx, cy, r, color, alpha);
                break;
            case MarkerShape.Square:
                FillRectangle(cx - r, cy - r, cx + r, cy + r, color, alpha);
                break;
            case MarkerShape.Plus:
                DrawLine(cx - r, cy, cx + r, cy, color, Math.Max(1, size / 5), alpha);
                DrawLine(cx, cy - r, cx, cy + r, color, Math.Max(1, size / 5), alpha);
                break;
            case MarkerShape.Cross:
                DrawLine(cx - r, cy - r, cx + r, cy + r, color, Math.Max(1, size / 5), alpha);
                DrawLine(cx - r, cy + r, cx + r, cy - r, color, Math.Max(1, size / 5), alpha);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, "Unknown marker shape.");
        }
    }

    /// <summary>
    /// Text in the built-in 5×7 font, each font pixel a <paramref name="scale"/> × <paramref name="scale"/> block,
    /// with (<paramref name="x"/>, <paramref name="y"/>) the top-left corner of the first glyph.
    /// </summary>
    public void DrawText(int x, int y, string text, PlotColor color, int scale = 1, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        for (var k = 0; k < text.Length; k++)
        {
            var c = Fold(text[k]);
            var left = x + (k * BitmapFont.Advance * scale);
            for (var row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (var column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if (BitmapFont.IsSet(c, column, row))
                    {
                        FillRect(left + (column * scale), y + (row * scale), scale, scale, color, alpha);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Text turned 90° anticlockwise, reading upwards (a y-axis label): (<paramref name="x"/>, <paramref name="y"/>)
    /// is the bottom-left corner of the first glyph on the page.
    /// </summary>
    public void DrawTextVertical(int x, int y, string text, PlotColor color, int scale = 1, double alpha = 1)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        for (var k = 0; k < text.Length; k++)
        {
            var c = Fold(text[k]);
            var baseY = y - (k * BitmapFont.Advance * scale);
            for (var row = 0; row < BitmapFont.GlyphHeight; row++)
            {
                for (var column = 0; column < BitmapFont.GlyphWidth; column++)
                {
                    if (BitmapFont.IsSet(c, column, row))
                    {
                        // Glyph column runs up the page, glyph row runs right.
                        FillRect(x + (row * scale), baseY - ((column + 1) * scale), scale, scale, color, alpha);
                    }
                }
            }
        }
    }

    /// <summary>The canvas as PNG bytes.</summary>
    public byte[] ToPng()
    {
        using var buffer = new MemoryStream();
        PngEncoder.Write(Image, buffer);
        return buffer.ToArray();
    }

    /// <summary>Typographic dashes and minus signs are common in labels; the font only has ASCII.</summary>
    private static char Fold(char c) => c switch
    {
        '\u2012' or '\u2013' or '\u2014' or '\u2212' => '-',
        '\u00D7' => 'x',
        _ => c,
    };

    private static byte Mix(byte from, byte to, double alpha) => (byte)Math.Round(from + ((to - from) * alpha));

    private static double Square(double v) => v * v;

    /// <summary>Per-pixel stroke coverage over a bounding box, combined by maximum so overlapping segments blend once.</summary>
    private sealed class CoverageMask
    {
        private readonly int _left;
        private readonly int _top;
        private readonly int _width;
        private readonly int _height;
        private readonly float[] _coverage;

        private CoverageMask(int left, int top, int width, int height)
        {
            _left = left;
            _top = top;
            _width = width;
            _height = height;
            _coverage = new float[width * height];
        }

        public static CoverageMask? Around(IReadOnlyList<PlotPoint> points, double margin, int imageWidth, int imageHeight)
        {
            double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
            foreach (var p in points)
            {
                if (!double.IsFinite(p.X) || !double.IsFinite(p.Y))
                {
                    throw new ArgumentException("Line points must be finite.", nameof(points));
                }

                minX = Math.Min(minX, p.X);
                minY = Math.Min(minY, p.Y);
                maxX = Math.Max(maxX, p.X);
                maxY = Math.Max(maxY, p.Y);
            }

            var left = (int)Math.Max(0, Math.Floor(minX - margin));
            var top = (int)Math.Max(0, Math.Floor(minY - margin));
            var right = (int)Math.Min(imageWidth, Math.Ceiling(maxX + margin) + 1);
            var bottom = (int)Math.Min(imageHeight, Math.Ceiling(maxY + margin) + 1);
            return right <= left || bottom <= top ? null : new CoverageMask(left, top, right - left, bottom - top);
        }

        /// <summary>Coverage of a capsule of half-width <paramref name="half"/>: about the share of the pixel inside it.</summary>
        public void AddSegment(PlotPoint a, PlotPoint b, double half)
        {
            var reach = half + 1;
            var x0 = Math.Max(_left, (int)Math.Floor(Math.Min(a.X, b.X) - reach));
            var x1 = Math.Min(_left + _width - 1, (int)Math.Ceiling(Math.Max(a.X, b.X) + reach));
            var y0 = Math.Max(_top, (int)Math.Floor(Math.Min(a.Y, b.Y) - reach));
            var y1 = Math.Min(_top + _height - 1, (int)Math.Ceiling(Math.Max(a.Y, b.Y) + reach));
            var dx = b.X - a.X;
            var dy = b.Y - a.Y;
            var length2 = (dx * dx) + (dy * dy);
            var steep = Math.Abs(dy) > Math.Abs(dx);
            // Only pixels near the segment can be covered: walk the major axis and a window across it, so a long
            // diagonal costs its length, not its bounding box.
            var window = (int)Math.Ceiling(reach * 1.5) + 1;
            if (steep)
            {
                for (var y = y0; y <= y1; y++)
                {
                    var t = Math.Clamp((y + 0.5 - a.Y) / dy, 0, 1);
                    var xc = (int)Math.Floor(a.X + (t * dx));
                    Cover(Math.Max(x0, xc - window), Math.Min(x1, xc + window), y, y);
                }
            }
            else if (length2 > 0)
            {
                for (var x = x0; x <= x1; x++)
                {
                    var t = Math.Clamp((x + 0.5 - a.X) / dx, 0, 1);
                    var yc = (int)Math.Floor(a.Y + (t * dy));
                    Cover(x, x, Math.Max(y0, yc - window), Math.Min(y1, yc + window));
                }
            }
            else
            {
                Cover(x0, x1, y0, y1);
            }

            void Cover(int fromX, int toX, int fromY, int toY)
            {
                for (var y = fromY; y <= toY; y++)
                {
                    for (var x = fromX; x <= toX; x++)
                    {
                        var px = x + 0.5 - a.X;
                        var py = y + 0.5 - a.Y;
                        var t = length2 > 0 ? Math.Clamp(((px * dx) + (py * dy)) / length2, 0, 1) : 0;
                        var d = Math.Sqrt(Square(px - (t * dx)) + Square(py - (t * dy)));
                        var coverage = (float)Math.Clamp(half + 0.5 - d, 0, 1);
                        var i = ((y - _top) * _width) + (x - _left);
                        if (coverage > _coverage[i])
                        {
                            _coverage[i] = coverage;
                        }
                    }
                }
            }
        }

        public void Blend(Canvas canvas, PlotColor color, double alpha)
        {
            for (var y = 0; y < _height; y++)
            {
                for (var x = 0; x < _width; x++)
                {
                    var coverage = _coverage[(y * _width) + x];
                    if (coverage > 0)
                    {
                        canvas.BlendPixel(_left + x, _top + y, color, coverage * alpha);
                    }
                }
            }
        }
    }
}
