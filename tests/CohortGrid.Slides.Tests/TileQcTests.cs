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

    public static TheoryData<int, int> Sizes() => new()
    {
        { 1, 1 }, { 2, 5 }, { 3, 3 }, { 17, 9 }, { 18, 3 }, { 19, 19 }, { 33, 17 }, { 34, 40 }, { 64, 64 }, { 224, 224 }, { 300, 7 }, { 5, 300 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Measure_equals_the_scalar_reference_on_random_images(int width, int height)
    {
        var rgb = PixelReference.Composite(PixelReference.RandomArgb(width, height, seed: (width * 1000) + height));
        var expected = PixelReference.Measure(rgb, width, height, TileQcOptions.Default, out var expectedGray);
        var gray = new byte[(width * height) + 32];
        gray.AsSpan(width * height).Fill(0xA5);

        var actual = TileQc.Measure(rgb, width, height, TileQcOptions.Default, gray);

        Assert.Equal(expected, actual);
        Assert.Equal(expectedGray, gray[..(width * height)]);
        Assert.All(gray[(width * height)..], b => Assert.Equal(0xA5, b));
        Assert.Equal(expected, TileQc.MeasureScalar(rgb, width, height, TileQcOptions.Default, new byte[width * height]));
    }

    public static TheoryData<int, int> Thresholds() => new()
    {
        { 220, 18 }, { 0, 0 }, { 256, 255 }, { -5, -3 }, { int.MinValue, 1000 }, { int.MaxValue, int.MaxValue }, { 128, 40_000_000 },
    };

    [Theory]
    [MemberData(nameof(Thresholds))]
    public void Extreme_thresholds_count_like_the_scalar_reference(int whiteLevel, int graySaturation)
    {
        // Greys, whites and blacks mixed in, so both counters see every branch.
        var image = new RgbImage(50, 30);
        var random = new Random(whiteLevel ^ graySaturation);
        for (var i = 0; i < image.Data.Length; i += 3)
        {
            var kind = random.Next(4);
            var level = (byte)random.Next(256);
            for (var c = 0; c < 3; c++)
            {
                image.Data[i + c] = kind switch { 0 => 0, 1 => level, 2 => (byte)Math.Min(255, level + random.Next(4)), _ => (byte)random.Next(256) };
            }
        }

        var options = new TileQcOptions { WhiteLevel = whiteLevel, GraySaturation = graySaturation, MaxWhiteFraction = 0.3, MaxGrayFraction = 0.3 };
        var expected = PixelReference.Measure(image.Data, image.Width, image.Height, options, out _);

        Assert.Equal(expected, Measure(image, options));
    }

    [Theory]
    [InlineData(18, 5)]
    [InlineData(40, 40)]
    [InlineData(224, 224)]
    [InlineData(1000, 4)]
    public void Laplacian_sums_match_the_scalar_loop(int width, int height)
    {
        // Extremes (0/255 checkerboards) alongside noise: the largest Laplacians and their squares.
        var random = new Random(width + height);
        var gray = new byte[width * height];
        for (var i = 0; i < gray.Length; i++)
        {
            gray[i] = i % 7 == 0 ? (byte)random.Next(256) : (byte)(((i / width) + (i % width)) % 2 == 0 ? 0 : 255);
        }

        Assert.Equal(TileQc.LaplacianScalar(gray, width, height), TileQc.Laplacian(gray, width, height));
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
