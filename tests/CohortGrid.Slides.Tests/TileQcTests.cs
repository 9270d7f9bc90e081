using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Tiling;

namespace CohortGrid.Slides.Tests;

public sealed class TileQcTests
{
    private const int Size = 64;

    [Fact]
    public void Glass_tile_is_dropped_as_whitespace()
    {
        var qc = Measure(Noisy(new RgbImage(Size, Size).Fill(240, 240, 242), amplitude: 10));

        Assert.True(qc.Drop.HasFlag(TileDropReason.Whitespace));
        Assert.True(qc.WhiteFraction > 0.9f);
    }

    [Fact]
    public void Grey_unstained_tile_is_dropped_as_grayspace()
    {
        var qc = Measure(Noisy(new RgbImage(Size, Size).Fill(150, 150, 152), amplitude: 40));

        Assert.True(qc.Drop.HasFlag(TileDropReason.Grayspace));
        Assert.False(qc.Drop.HasFlag(TileDropReason.Whitespace));
    }

    [Fact]
    public void Flat_stained_tile_is_dropped_as_blurred()
    {
        var qc = Measure(new RgbImage(Size, Size).Fill(200, 110, 170));

        Assert.Equal(TileDropReason.Blur, qc.Drop);
        Assert.Equal(0, qc.LaplacianVariance);
    }

    [Fact]
    public void Textured_stained_tile_passes()
    {
        var image = new RgbImage(Size, Size).Fill(215, 140, 185);
        for (var i = 0; i < 40; i++)
        {
            image.FillDisc((i * 37) % Size, (i * 23) % Size, 3, (90, 50, 130)); // nuclei
        }

        var qc = Measure(image);

        Assert.True(qc.Passed, $"dropped as {qc.Drop} (Laplacian variance {qc.LaplacianVariance})");
    }

    [Fact]
    public void Blur_threshold_can_be_tuned()
    {
        var qc = Measure(new RgbImage(Size, Size).Fill(200, 110, 170), new TileQcOptions { MinLaplacianVariance = 0 });

        Assert.True(qc.Passed);
    }

    private static TileQcResult Measure(RgbImage image, TileQcOptions? options = null) =>
        TileQc.Measure(image.Data, image.Width, image.Height, options ?? TileQcOptions.Default, new byte[image.Width * image.Height]);

    private static RgbImage Noisy(RgbImage image, int amplitude)
    {
        var random = new Random(3);
        for (var i = 0; i < image.Data.Length; i += 3)
        {
            var delta = random.Next(-amplitude, amplitude + 1);
            for (var c = 0; c < 3; c++)
            {
                image.Data[i + c] = (byte)Math.Clamp(image.Data[i + c] + delta, 0, 255);
            }
        }

        return image;
    }
}
