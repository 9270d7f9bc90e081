using CohortGrid.Slides.Imaging;

namespace CohortGrid.SampleData.Tiff;

/// <summary>Builds the list of levels <see cref="TiledTiffWriter"/> takes, level 0 first.</summary>
public static class TiffPyramid
{
    /// <summary>Levels are added until the long side drops below this, as slide scanners do.</summary>
    public const int DefaultMinLongSide = 512;

    /// <summary>Number of levels: level 0, then one per halving until the long side is below <paramref name="minLongSide"/>.</summary>
    public static int LevelCount(int width, int height, int minLongSide = DefaultMinLongSide)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minLongSide);
        var count = 1;
        while (Math.Max(width, height) >= minLongSide && Math.Max(width, height) > 1)
        {
            width = BoxDownsample.HalfSize(width);
            height = BoxDownsample.HalfSize(height);
            count++;
        }

        return count;
    }

    /// <summary>Level 0 and <paramref name="levelCount"/> - 1 levels below it, each the 2x2 box average of the one above.</summary>
    public static IReadOnlyList<ITiffLevelSource> Build(IPyramidLevelSource level0, int? levelCount = null)
    {
        ArgumentNullException.ThrowIfNull(level0);
        var count = levelCount ?? LevelCount(level0.Width, level0.Height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var levels = new List<ITiffLevelSource>(count) { level0 };
        var current = level0;
        for (var i = 1; i < count; i++)
        {
            current = current.Half();
            levels.Add(current);
        }

        return levels;
    }

    /// <summary>A pyramid held in memory, derived from <paramref name="image"/>.</summary>
    public static IReadOnlyList<ITiffLevelSource> FromImage(RgbImage image, int? levelCount = null) =>
        Build(new RgbImageLevelSource(image), levelCount);

    /// <summary>A pyramid of one colour: any size, a single stored tile per level.</summary>
    public static IReadOnlyList<ITiffLevelSource> Solid(int width, int height, RgbColor color, int? levelCount = null) =>
        Build(new SolidColorLevelSource(width, height, color), levelCount);
}
