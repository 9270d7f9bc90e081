namespace CohortGrid.SampleData.Tiff;

/// <summary>One 8-bit RGB colour.</summary>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    /// <summary>Pure white: what edge tiles are padded with.</summary>
    public static RgbColor White { get; } = new(255, 255, 255);

    /// <summary>Fills <paramref name="rgb"/> (interleaved R, G, B) with this colour.</summary>
    public void Fill(Span<byte> rgb)
    {
        if (R == G && G == B)
        {
            rgb.Fill(R);
            return;
        }

        for (var i = 0; i + 2 < rgb.Length; i += 3)
        {
            rgb[i] = R;
            rgb[i + 1] = G;
            rgb[i + 2] = B;
        }
    }
}
