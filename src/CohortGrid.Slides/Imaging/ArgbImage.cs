namespace CohortGrid.Slides.Imaging;

/// <summary>
/// Pixels as OpenSlide returns them: premultiplied ARGB, one uint per pixel, row-major
/// (in memory on little-endian: B, G, R, A).
/// </summary>
public sealed class ArgbImage(int width, int height)
{
    public int Width { get; } = width;

    public int Height { get; } = height;

    public uint[] Pixels { get; } = new uint[checked(width * height)];

    /// <summary>Composites over a white background (slide background is white, not black) into RGB.</summary>
    public RgbImage ToRgb()
    {
        var rgb = new RgbImage(Width, Height);
        PixelConversion.PremultipliedArgbOverWhiteToRgb(Pixels, rgb.Data);
        return rgb;
    }
}
