namespace CohortGrid.Slides.Imaging;

/// <summary>8-bit RGB image, interleaved, row-major.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Data = new byte[checked(width * height * 3)];
    }

    public int Width { get; }

    public int Height { get; }

    /// <summary>R, G, B bytes per pixel.</summary>
    public byte[] Data { get; }

    /// <summary>
    /// Shrinks by an area average (box filter) to the given size; every source pixel contributes
    /// with the fraction of its area that falls in each destination pixel.
    /// </summary>
    public RgbImage ResizeArea(int width, int height)
    {
        if (width == Width && height == Height)
        {
            return this;
        }

        var result = new RgbImage(width, height);
        var horizontal = ResampleKernel.Area(Width, width);
        var vertical = ResampleKernel.Area(Height, height);
        var rows = new float[Height * width * 3];
        for (var y = 0; y < Height; y++)
        {
            horizontal.ApplyInterleaved(Data.AsSpan(y * Width * 3, Width * 3), rows.AsSpan(y * width * 3, width * 3), channels: 3);
        }

        var column = new float[Height];
        var outColumn = new float[height];
        for (var x = 0; x < width * 3; x++)
        {
            for (var y = 0; y < Height; y++)
            {
                column[y] = rows[(y * width * 3) + x];
            }

            vertical.Apply(column, outColumn);
            for (var y = 0; y < height; y++)
            {
                result.Data[(y * width * 3) + x] = (byte)Math.Clamp(MathF.Round(outColumn[y]), 0, 255);
            }
        }

        return result;
    }
}
