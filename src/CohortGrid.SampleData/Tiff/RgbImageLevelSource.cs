using CohortGrid.Slides.Imaging;

namespace CohortGrid.SampleData.Tiff;

/// <summary>A level held in memory as an <see cref="RgbImage"/>.</summary>
public sealed class RgbImageLevelSource(RgbImage image) : IPyramidLevelSource
{
    public RgbImage Image { get; } = image ?? throw new ArgumentNullException(nameof(image));

    public int Width => Image.Width;

    public int Height => Image.Height;

    public void ReadTile(int x, int y, int width, int height, Span<byte> rgb)
    {
        var stride = Image.Width * 3;
        var row = width * 3;
        for (var r = 0; r < height; r++)
        {
            Image.Data.AsSpan(((y + r) * stride) + (x * 3), row).CopyTo(rgb.Slice(r * row, row));
        }
    }

    public IPyramidLevelSource Half() => new RgbImageLevelSource(BoxDownsample.Half(Image));
}
