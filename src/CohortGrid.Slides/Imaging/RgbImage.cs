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
}
