using CohortGrid.Slides.Imaging;

namespace CohortGrid.Slides.Tests;

public sealed class PixelConversionTests
{
    public static TheoryData<int> Lengths() => [0, 1, 7, 8, 9, 10, 11, 15, 16, 17, 31, 33, 100, (224 * 224) + 5];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Composite_matches_the_scalar_definition_and_stays_inside_the_destination(int length)
    {
        // Any bit pattern, malformed premultiplied pixels (c > a) included: those wrap like the byte cast.
        var random = new Random(length);
        var argb = new uint[length];
        for (var i = 0; i < length; i++)
        {
            argb[i] = (uint)random.NextInt64(0, 1L << 32);
        }

        const int Guard = 64;
        var rgb = new byte[(length * 3) + Guard];
        rgb.AsSpan(length * 3).Fill(0xA5);

        PixelConversion.PremultipliedArgbOverWhiteToRgb(argb, rgb.AsSpan(0, length * 3));

        Assert.Equal(PixelReference.Composite(argb), rgb[..(length * 3)]);
        Assert.All(rgb[(length * 3)..], b => Assert.Equal(0xA5, b));
    }

    [Fact]
    public void Transparent_pixels_composite_to_white_and_partial_ones_blend_toward_it()
    {
        // Fully transparent; half-transparent premultiplied (R 100 at a 128 -> 100 + 127); opaque.
        uint[] argb = [0x00000000u, 0x80644020u, 0xFF0A141Eu, .. Enumerable.Repeat(0x80644020u, 13)];
        var rgb = new byte[argb.Length * 3];

        PixelConversion.PremultipliedArgbOverWhiteToRgb(argb, rgb);

        Assert.Equal([255, 255, 255, 227, 191, 159, 10, 20, 30], rgb[..9]);
        Assert.Equal([227, 191, 159], rgb[^3..]);
    }

    [Fact]
    public void Too_small_destination_is_rejected()
    {
        Assert.Throws<ArgumentException>(() => PixelConversion.PremultipliedArgbOverWhiteToRgb(new uint[10], new byte[29]));
    }
}
