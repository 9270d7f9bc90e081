using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tests;

public sealed class ArgbResamplerTests
{
    public static TheoryData<int, int, int, int, ResampleFilter> Cases() => new()
    {
        { 449, 449, 224, 224, ResampleFilter.Bicubic },
        { 300, 200, 224, 224, ResampleFilter.Bicubic },
        { 37, 23, 16, 16, ResampleFilter.Bicubic },
        { 37, 23, 15, 11, ResampleFilter.Bicubic },
        { 246, 246, 224, 224, ResampleFilter.Bicubic },
        { 20, 10, 33, 17, ResampleFilter.Bicubic },
        { 3, 3, 8, 8, ResampleFilter.Bicubic },
        { 449, 449, 224, 224, ResampleFilter.Lanczos3 },
        { 101, 67, 29, 30, ResampleFilter.Lanczos3 },
        { 448, 448, 224, 224, ResampleFilter.Area },
        { 97, 64, 41, 9, ResampleFilter.Bilinear },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Resampling_premultiplied_then_compositing_matches_compositing_first(int readWidth, int readHeight, int width, int height, ResampleFilter filter)
    {
        var argb = PixelReference.RandomArgb(readWidth, readHeight, seed: readWidth + (31 * height));
        var expected = PixelReference.Resample(argb, readWidth, readHeight, width, height, filter);
        var resampler = new ArgbResampler(ResampleKernel.Create(readWidth, width, filter), ResampleKernel.Create(readHeight, height, filter));

        foreach (var scalar in new[] { false, true })
        {
            var output = new uint[(width * height) + 8];
            output.AsSpan(width * height).Fill(0xDEADBEEF);
            if (scalar)
            {
                resampler.ResampleScalar(argb, output);
            }
            else
            {
                resampler.Resample(argb, output);
            }

            Assert.All(output[..(width * height)], p => Assert.Equal(0xFFu, p >> 24));
            Assert.All(output[(width * height)..], p => Assert.Equal(0xDEADBEEF, p));
            var (max, count) = PixelReference.Difference(expected, PixelReference.Composite(output.AsSpan(0, width * height)));
            // Only float rounding separates the two orders: an odd byte lands on the other side of .5.
            Assert.InRange(max, 0, 1);
            Assert.InRange(count, 0, Math.Max(2, expected.Length / 1000));
        }
    }

    [Fact]
    public void Fully_transparent_region_resamples_to_white()
    {
        var resampler = new ArgbResampler(ResampleKernel.Create(449, 224, ResampleFilter.Bicubic), ResampleKernel.Create(449, 224, ResampleFilter.Bicubic));
        var output = new uint[224 * 224];

        resampler.Resample(new uint[449 * 449], output);

        Assert.All(output, p => Assert.Equal(0xFFFFFFFFu, p));
    }

    [Fact]
    public void Overshoot_next_to_sharp_edges_is_clamped()
    {
        // Black/white stripes make bicubic ring past both ends of the range.
        const int Size = 64;
        var argb = new uint[Size * Size];
        for (var i = 0; i < argb.Length; i++)
        {
            argb[i] = (i % Size / 4) % 2 == 0 ? 0xFF000000u : 0xFFFFFFFFu;
        }

        var resampler = new ArgbResampler(ResampleKernel.Create(Size, 24, ResampleFilter.Lanczos3), ResampleKernel.Create(Size, 24, ResampleFilter.Lanczos3));
        var output = new uint[24 * 24];

        resampler.Resample(argb, output);

        var expected = PixelReference.Resample(argb, Size, Size, 24, 24, ResampleFilter.Lanczos3);
        Assert.Contains((byte)0, expected);
        Assert.Contains((byte)255, expected);
        Assert.InRange(PixelReference.Difference(expected, PixelReference.Composite(output)).Max, 0, 1);
    }

    [Fact]
    public void Undersized_buffers_are_rejected()
    {
        var resampler = new ArgbResampler(ResampleKernel.Create(40, 20, ResampleFilter.Bicubic), ResampleKernel.Create(30, 20, ResampleFilter.Bicubic));

        Assert.Throws<ArgumentException>(() => resampler.Resample(new uint[(40 * 30) - 1], new uint[400]));
        Assert.Throws<ArgumentException>(() => resampler.Resample(new uint[40 * 30], new uint[399]));
    }
}
