using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tests;

public sealed class PngDecoderTests
{
    [Fact]
    public void An_encoded_image_decodes_to_the_same_pixels()
    {
        var image = new RgbImage(37, 21);
        new Random(3).NextBytes(image.Data);
        using var png = new MemoryStream();
        PngEncoder.Write(image, png);

        var decoded = PngDecoder.Read(png.ToArray());

        Assert.Equal((37, 21), (decoded.Width, decoded.Height));
        Assert.Equal(image.Data, decoded.Data);
    }

    [Fact]
    public void A_truncated_png_is_reported_as_truncated()
    {
        var image = new RgbImage(8, 8);
        using var png = new MemoryStream();
        PngEncoder.Write(image, png);

        var error = Assert.Throws<InvalidDataException>(() => PngDecoder.Read(png.ToArray().AsSpan(0, (int)png.Length - 20)));

        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Something_that_is_not_a_png_is_refused()
    {
        Assert.Throws<InvalidDataException>(() => PngDecoder.Read("GIF89a"u8));
    }
}
