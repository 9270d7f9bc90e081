using CohortGrid.Slides.Imaging;

namespace CohortGrid.SampleData.Tests;

/// <summary>Pixel helpers shared by the tests.</summary>
internal static class TestImages
{
    /// <summary>Random but smooth-ish content: compressible enough to stay fast, varied enough that any misplaced byte shows.</summary>
    public static RgbImage Random(int width, int height, int seed)
    {
        var random = new Random(seed);
        var image = new RgbImage(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var o = ((y * width) + x) * 3;
                image.Data[o] = (byte)((x * 7) + random.Next(8));
                image.Data[o + 1] = (byte)((y * 5) + random.Next(8));
                image.Data[o + 2] = (byte)random.Next(256);
            }
        }

        return image;
    }

    /// <summary>The first pixel where the OpenSlide read differs from the expected RGB, or null when all match.</summary>
    public static string? FirstDifference(RgbImage expected, ArgbImage actual)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        for (var i = 0; i < actual.Pixels.Length; i++)
        {
            var want = 0xFF000000u | ((uint)expected.Data[i * 3] << 16) | ((uint)expected.Data[(i * 3) + 1] << 8) | expected.Data[(i * 3) + 2];
            if (actual.Pixels[i] != want)
            {
                return $"pixel ({i % actual.Width}, {i / actual.Width}): expected {want:X8}, OpenSlide returned {actual.Pixels[i]:X8}";
            }
        }

        return null;
    }

    /// <summary>Copies a rectangle out of an image.</summary>
    public static RgbImage Crop(RgbImage image, int x, int y, int width, int height)
    {
        var result = new RgbImage(width, height);
        for (var row = 0; row < height; row++)
        {
            image.Data.AsSpan((((y + row) * image.Width) + x) * 3, width * 3).CopyTo(result.Data.AsSpan(row * width * 3));
        }

        return result;
    }
}
