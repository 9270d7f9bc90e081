using CohortGrid.Testing;

namespace CohortGrid.Cli.Tests;

public sealed class SlideThumbnailCommandTests
{
    [Fact]
    public void Thumbnail_with_mask_writes_a_png_with_a_green_outline()
    {
        using var temp = new TempDirectory();
        var png = temp.File("thumb.png");

        var (code, output, _) = Cli.Run("slide", "thumbnail", TestData.Slide("CMU-1-Small-Region.svs"), "--out", png, "--mask");

        Assert.Equal(0, code);
        Assert.Contains("574x768", output, StringComparison.Ordinal);
        var bytes = File.ReadAllBytes(png);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
    }

    [Fact]
    public void Thumbnail_without_mask_needs_no_mpp()
    {
        using var temp = new TempDirectory();

        var (code, _, error) = Cli.Run("slide", "thumbnail", TestData.Slide("tcga-cr-7395-01a-01-ts1.svs"), "--out", temp.File("t.png"));

        Assert.Equal(0, code);
        Assert.Empty(error);
        Assert.True(File.Exists(temp.File("t.png")));
    }

    [Fact]
    public void Thumbnail_with_mask_on_a_slide_without_mpp_asks_for_an_override()
    {
        using var temp = new TempDirectory();

        var (code, _, error) = Cli.Run("slide", "thumbnail", TestData.Slide("tcga-cr-7395-01a-01-ts1.svs"), "--out", temp.File("t.png"), "--mask");

        Assert.Equal(1, code);
        Assert.Contains("--mpp-override", error, StringComparison.Ordinal);
    }
}
