using CohortGrid.Slides.Imaging;

namespace CohortGrid.SampleData.Tiff;

/// <summary>The exact 2x2 box average every <see cref="IPyramidLevelSource.Half"/> implementation shares.</summary>
public static class BoxDownsample
{
    /// <summary>Size of the level below a level of <paramref name="size"/> pixels.</summary>
    public static int HalfSize(int size) => (size + 1) / 2;

    /// <summary>Halves an image by averaging each 2x2 block (integer mean, rounded half up).</summary>
    public static RgbImage Half(RgbImage source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var width = HalfSize(source.Width);
        var height = HalfSize(source.Height);
        var result = new RgbImage(width, height);
        var src = source.Data;
        var dst = result.Data;
        var srcStride = source.Width * 3;
        Parallel.For(0, height, y =>
        {
            var top = 2 * y * srcStride;
            var hasBottom = (2 * y) + 1 < source.Height;
            var bottom = top + srcStride;
            var o = y * width * 3;
            for (var x = 0; x < width; x++, o += 3)
            {
                var a = 2 * x * 3;
                var hasRight = (2 * x) + 1 < source.Width;
                var n = (hasBottom ? 2 : 1) * (hasRight ? 2 : 1);
                for (var c = 0; c < 3; c++)
                {
                    var sum = (int)src[top + a + c];
                    if (hasRight)
                    {
                        sum += src[top + a + 3 + c];
                    }

                    if (hasBottom)
                    {
                        sum += src[bottom + a + c] + (hasRight ? src[bottom + a + 3 + c] : 0);
                    }

                    dst[o + c] = (byte)((sum + (n / 2)) / n);
                }
            }
        });

        return result;
    }
}
