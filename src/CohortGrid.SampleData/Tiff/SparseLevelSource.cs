using CohortGrid.Slides.Imaging;

namespace CohortGrid.SampleData.Tiff;

/// <summary>
/// A flat background with a few in-memory images placed on it. Memory is that of the images, not of
/// the level, and tiles that miss every image report a uniform colour, so a 100,000 x 80,000 slide
/// with one small patch of tissue costs a few megabytes to hold and to write.
/// </summary>
/// <remarks>
/// Lower levels are exact box averages as long as the images stay at least 2^levels pixels apart;
/// closer images overlap their background margins in the lower levels.
/// </remarks>
public sealed class SparseLevelSource : IPyramidLevelSource
{
    private readonly PlacedImage[] _images;

    public SparseLevelSource(int width, int height, RgbColor background, IEnumerable<PlacedImage> images)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(images);
        Width = width;
        Height = height;
        Background = background;
        _images = [.. images];
        foreach (var placed in _images)
        {
            if (placed.X < 0 || placed.Y < 0 || placed.X + placed.Image.Width > width || placed.Y + placed.Image.Height > height)
            {
                throw new ArgumentException(
                    $"An image of {placed.Image.Width}x{placed.Image.Height} at ({placed.X}, {placed.Y}) does not fit in {width}x{height}.",
                    nameof(images));
            }
        }
    }

    public int Width { get; }

    public int Height { get; }

    public RgbColor Background { get; }

    public IReadOnlyList<PlacedImage> Images => _images;

    public void ReadTile(int x, int y, int width, int height, Span<byte> rgb)
    {
        Background.Fill(rgb[..(width * height * 3)]);
        foreach (var placed in _images)
        {
            var left = Math.Max(x, placed.X);
            var top = Math.Max(y, placed.Y);
            var right = Math.Min(x + width, placed.X + placed.Image.Width);
            var bottom = Math.Min(y + height, placed.Y + placed.Image.Height);
            if (left >= right || top >= bottom)
            {
                continue;
            }

            var source = placed.Image;
            var run = (right - left) * 3;
            for (var row = top; row < bottom; row++)
            {
                var from = (((row - placed.Y) * source.Width) + (left - placed.X)) * 3;
                var to = (((row - y) * width) + (left - x)) * 3;
                source.Data.AsSpan(from, run).CopyTo(rgb.Slice(to, run));
            }
        }
    }

    public bool TryGetUniformColor(int x, int y, int width, int height, out RgbColor color)
    {
        color = Background;
        foreach (var placed in _images)
        {
            if (x < placed.X + placed.Image.Width && placed.X < x + width && y < placed.Y + placed.Image.Height && placed.Y < y + height)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Halves each image on its own, widened to even coordinates with background so its 2x2 blocks are
    /// the level's blocks; the result equals a box average of the whole level without ever holding it.
    /// </summary>
    public IPyramidLevelSource Half()
    {
        var halved = new List<PlacedImage>(_images.Length);
        foreach (var placed in _images)
        {
            var left = placed.X & ~1;
            var top = placed.Y & ~1;
            var right = Math.Min(Width, (placed.X + placed.Image.Width + 1) & ~1);
            var bottom = Math.Min(Height, (placed.Y + placed.Image.Height + 1) & ~1);
            var widened = new RgbImage(right - left, bottom - top);
            Background.Fill(widened.Data);
            var run = placed.Image.Width * 3;
            for (var row = 0; row < placed.Image.Height; row++)
            {
                placed.Image.Data.AsSpan(row * run, run)
                    .CopyTo(widened.Data.AsSpan((((placed.Y - top + row) * widened.Width) + (placed.X - left)) * 3, run));
            }

            halved.Add(new PlacedImage(left / 2, top / 2, BoxDownsample.Half(widened)));
        }

        return new SparseLevelSource(BoxDownsample.HalfSize(Width), BoxDownsample.HalfSize(Height), Background, halved);
    }
}
