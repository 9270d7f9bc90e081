namespace CohortGrid.SampleData.Tiff;

/// <summary>A level of one colour: any size, no memory, and a single stored tile per level.</summary>
public sealed class SolidColorLevelSource : IPyramidLevelSource
{
    public SolidColorLevelSource(int width, int height, RgbColor color)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        Width = width;
        Height = height;
        Color = color;
    }

    public int Width { get; }

    public int Height { get; }

    public RgbColor Color { get; }

    public void ReadTile(int x, int y, int width, int height, Span<byte> rgb) => Color.Fill(rgb[..(width * height * 3)]);

    public bool TryGetUniformColor(int x, int y, int width, int height, out RgbColor color)
    {
        color = Color;
        return true;
    }

    public IPyramidLevelSource Half() => new SolidColorLevelSource(BoxDownsample.HalfSize(Width), BoxDownsample.HalfSize(Height), Color);
}
