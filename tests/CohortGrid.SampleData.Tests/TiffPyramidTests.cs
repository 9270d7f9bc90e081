using CohortGrid.SampleData.Tiff;

namespace CohortGrid.SampleData.Tests;

public sealed class TiffPyramidTests
{
    [Theory]
    [InlineData(400, 300, 1)]
    [InlineData(512, 100, 2)]
    [InlineData(6000, 4000, 5)]
    [InlineData(100_000, 80_000, 9)]
    public void Levels_halve_until_the_long_side_is_below_512(int width, int height, int levels) =>
        Assert.Equal(levels, TiffPyramid.LevelCount(width, height));

    [Fact]
    public void Box_average_of_an_odd_edge_averages_only_the_pixels_that_exist()
    {
        var image = new Slides.Imaging.RgbImage(3, 1);
        byte[] pixels = [10, 20, 30, 20, 40, 61, 200, 100, 0];
        pixels.CopyTo(image.Data, 0);

        var half = BoxDownsample.Half(image);

        Assert.Equal((2, 1), (half.Width, half.Height));
        Assert.Equal([15, 30, 46, 200, 100, 0], half.Data);
    }
}
