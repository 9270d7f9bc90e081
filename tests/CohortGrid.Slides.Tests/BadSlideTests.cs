using CohortGrid.Testing;

namespace CohortGrid.Slides.Tests;

public sealed class BadSlideTests
{
    [Fact]
    public void Missing_file_fails_with_not_found()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-such-slide-{Guid.NewGuid():N}.svs");

        var error = Assert.Throws<SlideNotFoundException>(() => SlideImage.Open(path));

        Assert.Equal(path, error.SlidePath);
        Assert.Equal("not-found", error.Reason);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_file_with_slide_extension_is_not_recognised_and_says_it_is_text()
    {
        var path = TestData.BadSlide("not-a-slide.svs");

        var error = Assert.Throws<SlideFormatNotRecognizedException>(() => SlideImage.Open(path));

        Assert.Equal("format-not-recognized", error.Reason);
        Assert.Contains("text file", error.Message, StringComparison.Ordinal);
        Assert.Contains("not-a-slide.svs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Flat_strip_tiff_is_not_recognised_and_says_how_to_convert_it()
    {
        var error = Assert.Throws<SlideFormatNotRecognizedException>(() => SlideImage.Open(TestData.BadSlide("flat-rgb-not-pyramidal.tif")));

        Assert.Contains("flat TIFF (1493x901", error.Message, StringComparison.Ordinal);
        Assert.Contains("vips tiffsave", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_aperio_file_fails_to_open_and_says_it_is_truncated()
    {
        var error = Assert.Throws<SlideOpenException>(() => SlideImage.Open(TestData.BadSlide("truncated-aperio.svs")));

        Assert.Equal("open-failed", error.Reason);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        Assert.Contains("700000 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_compression_fails_to_open_with_openslides_error()
    {
        var error = Assert.Throws<SlideOpenException>(() => SlideImage.Open(TestData.BadSlide("unopenable.tiff")));

        Assert.Contains("Unsupported TIFF compression: 52479", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Slide_that_opens_but_cannot_be_decoded_fails_on_read_with_openslides_error()
    {
        using var slide = SlideImage.Open(TestData.BadSlide("unreadable.svs"));
        var buffer = new uint[16 * 16];

        var error = Assert.Throws<SlideReadException>(() => slide.ReadRegion(0, 0, 0, 16, 16, buffer));

        Assert.Equal("read-failed", error.Reason);
        Assert.Matches("failed: .+", error.Message);
    }

    [Fact]
    public void Region_larger_than_one_buffer_can_address_fails_with_too_large()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        var error = Assert.Throws<SlideTooLargeException>(() => slide.ReadRegion(0, 0, 0, 70_000, 70_000));

        Assert.Equal("too-large", error.Reason);
        Assert.Contains("70000x70000", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Destination_smaller_than_the_region_is_rejected_before_reading()
    {
        using var slide = SlideImage.Open(TestData.Slide("CMU-1-Small-Region.svs"));

        Assert.Throws<ArgumentException>(() => slide.ReadRegion(0, 0, 0, 16, 16, new uint[100]));
    }
}
