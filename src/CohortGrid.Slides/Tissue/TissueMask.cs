using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tissue;

/// <summary>
/// Binary tissue mask at low resolution. One mask pixel covers <see cref="ScaleX"/> x
/// <see cref="ScaleY"/> level-0 pixels. Thread-safe after construction.
/// </summary>
public sealed class TissueMask
{
    private readonly Lazy<double[]> _integral;

    public TissueMask(int width, int height, byte[] data, double scaleX, double scaleY, double micronsPerPixelX, double micronsPerPixelY, int threshold)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length != width * height)
        {
            throw new ArgumentException("Mask data does not match its size.", nameof(data));
        }

        Width = width;
        Height = height;
        Data = data;
        ScaleX = scaleX;
        ScaleY = scaleY;
        MicronsPerPixelX = micronsPerPixelX;
        MicronsPerPixelY = micronsPerPixelY;
        Threshold = threshold;
        var tissue = 0L;
        foreach (var v in data)
        {
            tissue += v;
        }

        TissuePixels = tissue;
        _integral = new Lazy<double[]>(BuildIntegral);
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>1 for tissue, 0 for background; row-major.</summary>
    public byte[] Data { get; }

    /// <summary>Level-0 pixels per mask pixel, horizontally.</summary>
    public double ScaleX { get; }

    /// <summary>Level-0 pixels per mask pixel, vertically.</summary>
    public double ScaleY { get; }

    public double MicronsPerPixelX { get; }

    public double MicronsPerPixelY { get; }

    /// <summary>Saturation threshold (0-255) that separated tissue from background.</summary>
    public int Threshold { get; }

    public long TissuePixels { get; }

    /// <summary>Share of the slide's area that is tissue, 0 to 1.</summary>
    public double TissueFraction => (double)TissuePixels / Data.Length;

    /// <summary>Tissue area in mm².</summary>
    public double TissueAreaMm2 => TissuePixels * MicronsPerPixelX * MicronsPerPixelY / 1e6;

    /// <summary>
    /// Fraction of a level-0 rectangle covered by tissue, with exact partial-pixel areas: bilinear
    /// interpolation of the integral image is the exact area integral of a piecewise-constant mask.
    /// Area outside the slide counts as background.
    /// </summary>
    public double FractionInRect(double x0, double y0, double width0, double height0)
    {
        if (width0 <= 0 || height0 <= 0)
        {
            return 0;
        }

        var left = x0 / ScaleX;
        var top = y0 / ScaleY;
        var right = (x0 + width0) / ScaleX;
        var bottom = (y0 + height0) / ScaleY;
        var covered = Integral(right, bottom) - Integral(left, bottom) - Integral(right, top) + Integral(left, top);
        return Math.Clamp(covered / ((right - left) * (bottom - top)), 0, 1);
    }

    /// <summary>Draws the outline of the tissue (mask boundary) onto an image of the mask's size.</summary>
    public RgbImage DrawOutline(RgbImage image, (byte R, byte G, byte B) colour)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Width != Width || image.Height != Height)
        {
            throw new ArgumentException($"Image is {image.Width}x{image.Height}; the mask is {Width}x{Height}.", nameof(image));
        }

        var result = new RgbImage(Width, Height);
        image.Data.CopyTo(result.Data, 0);
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
            {
                if (Data[(y * Width) + x] == 1 && IsBoundary(x, y))
                {
                    var o = ((y * Width) + x) * 3;
                    result.Data[o] = colour.R;
                    result.Data[o + 1] = colour.G;
                    result.Data[o + 2] = colour.B;
                }
            }
        }

        return result;
    }

    private bool IsBoundary(int x, int y) =>
        x == 0 || y == 0 || x == Width - 1 || y == Height - 1 ||
        Data[(y * Width) + x - 1] == 0 || Data[(y * Width) + x + 1] == 0 ||
        Data[((y - 1) * Width) + x] == 0 || Data[((y + 1) * Width) + x] == 0;

    private double Integral(double x, double y)
    {
        x = Math.Clamp(x, 0, Width);
        y = Math.Clamp(y, 0, Height);
        var integral = _integral.Value;
        var stride = Width + 1;
        var ix = Math.Min((int)x, Width - 1);
        var iy = Math.Min((int)y, Height - 1);
        var fx = x - ix;
        var fy = y - iy;
        var s00 = integral[(iy * stride) + ix];
        var s10 = integral[(iy * stride) + ix + 1];
        var s01 = integral[((iy + 1) * stride) + ix];
        var s11 = integral[((iy + 1) * stride) + ix + 1];
        return s00 + (fx * (s10 - s00)) + (fy * (s01 - s00)) + (fx * fy * (s11 - s10 - s01 + s00));
    }

    private double[] BuildIntegral()
    {
        var stride = Width + 1;
        var integral = new double[stride * (Height + 1)];
        for (var y = 0; y < Height; y++)
        {
            double rowSum = 0;
            for (var x = 0; x < Width; x++)
            {
                rowSum += Data[(y * Width) + x];
                integral[((y + 1) * stride) + x + 1] = integral[(y * stride) + x + 1] + rowSum;
            }
        }

        return integral;
    }
}
