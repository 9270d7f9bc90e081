using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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

        var done = Vector256.IsHardwareAccelerated ? OverWhiteToRgbVector256(argb, rgb) : 0;
        PremultipliedArgbOverWhiteToRgbScalar(argb[done..], rgb[(done * 3)..]);
    }

    /// <summary>One premultiplied ARGB pixel over white as (R, G, B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static (byte R, byte G, byte B) OverWhite(uint p)
    {
        var background = 255 - (p >> 24);
        return ((byte)(((p >> 16) & 0xFF) + background), (byte)(((p >> 8) & 0xFF) + background), (byte)((p & 0xFF) + background));
    }

    /// <summary>
    /// Eight premultiplied pixels (B, G, R, A bytes) over white, computed byte-wise: byte lanes wrap
    /// exactly like the scalar (byte) cast, so even malformed input (c &gt; a) gives the scalar
    /// result. The alpha byte becomes 255.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<byte> OverWhite(Vector256<byte> bgra)
    {
        var alpha = Vector256.Shuffle(bgra, Vector256.Create(
            (byte)3, 3, 3, 3, 7, 7, 7, 7, 11, 11, 11, 11, 15, 15, 15, 15,
            19, 19, 19, 19, 23, 23, 23, 23, 27, 27, 27, 27, 31, 31, 31, 31));
        return bgra + ~alpha;
    }

    internal static void PremultipliedArgbOverWhiteToRgbScalar(ReadOnlySpan<uint> argb, Span<byte> rgb)
    {
        for (int i = 0, j = 0; i < argb.Length; i++, j += 3)
        {
            var p = argb[i];
            var background = 255 - (p >> 24);
            rgb[j] = (byte)(((p >> 16) & 0xFF) + background);
            rgb[j + 1] = (byte)(((p >> 8) & 0xFF) + background);
            rgb[j + 2] = (byte)((p & 0xFF) + background);
        }
    }

    // Eight pixels per step; each 128-bit half packs its four pixels into 12 RGB bytes, and the two
    // 16-byte stores overlap so the second overwrites the first's four spare bytes. Returns the
    // pixels converted; the caller finishes the rest (and the last few, whose 16-byte store would
    // run past the destination).
    private static int OverWhiteToRgbVector256(ReadOnlySpan<uint> argb, Span<byte> rgb)
    {
        ref var source = ref MemoryMarshal.GetReference(argb);
        ref var target = ref MemoryMarshal.GetReference(rgb);
        var i = 0;
        for (; i + 8 <= argb.Length && (i * 3) + 28 <= rgb.Length; i += 8)
        {
            var pixels = OverWhite(Vector256.LoadUnsafe(ref source, (nuint)i).AsByte());
            // Constant in-lane indices (inline, so the JIT sees them) compile to a single vpshufb.
            var packed = Vector256.Shuffle(pixels, Vector256.Create(
                (byte)2, 1, 0, 6, 5, 4, 10, 9, 8, 14, 13, 12, 0xFF, 0xFF, 0xFF, 0xFF,
                18, 17, 16, 22, 21, 20, 26, 25, 24, 30, 29, 28, 0xFF, 0xFF, 0xFF, 0xFF));
            packed.GetLower().StoreUnsafe(ref target, (nuint)(i * 3));
            packed.GetUpper().StoreUnsafe(ref target, (nuint)((i * 3) + 12));
        }

        return i;
    }
}
