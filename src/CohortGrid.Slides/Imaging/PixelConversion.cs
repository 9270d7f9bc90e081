using System.Runtime.CompilerServices;

namespace CohortGrid.Slides.Imaging;

/// <summary>Conversions from OpenSlide's premultiplied ARGB.</summary>
public static class PixelConversion
{
    /// <summary>
    /// Premultiplied ARGB over white: each channel becomes c + (255 - a). Transparent pixels (outside
    /// the scanned area, or OpenSlide's padding) come out white, like the glass they stand for.
    /// </summary>
    public static void PremultipliedArgbOverWhiteToRgb(ReadOnlySpan<uint> argb, Span<byte> rgb)
    {
        if (rgb.Length < argb.Length * 3)
        {
            throw new ArgumentException("RGB destination is too small.", nameof(rgb));
        }

        for (int i = 0, j = 0; i < argb.Length; i++, j += 3)
        {
            var p = argb[i];
            var background = 255 - (p >> 24);
            rgb[j] = (byte)(((p >> 16) & 0xFF) + background);
            rgb[j + 1] = (byte)(((p >> 8) & 0xFF) + background);
            rgb[j + 2] = (byte)((p & 0xFF) + background);
        }
    }

    /// <summary>One premultiplied ARGB pixel over white as (R, G, B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (byte R, byte G, byte B) OverWhite(uint p)
    {
        var background = 255 - (p >> 24);
        return ((byte)(((p >> 16) & 0xFF) + background), (byte)(((p >> 8) & 0xFF) + background), (byte)((p & 0xFF) + background));
    }
}
