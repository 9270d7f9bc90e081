using System.Globalization;

namespace CohortGrid.Analytics.Plots;

/// <summary>An opaque 8-bit sRGB colour, shared by the raster canvas and the SVG writer.</summary>
/// <param name="R">Red, 0–255.</param>
/// <param name="G">Green, 0–255.</param>
/// <param name="B">Blue, 0–255.</param>
public readonly record struct PlotColor(byte R, byte G, byte B)
{
    public static PlotColor Black => new(0, 0, 0);

    public static PlotColor White => new(255, 255, 255);

    /// <summary>Light grey for grid lines and frames.</summary>
    public static PlotColor LightGray => new(220, 220, 220);

    /// <summary>Mid grey for secondary text and censor-free annotations.</summary>
    public static PlotColor Gray => new(110, 110, 110);

    /// <summary>Parses <c>#RRGGBB</c> (the leading '#' is optional).</summary>
    public static PlotColor FromHex(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        var digits = hex.StartsWith('#') ? hex[1..] : hex;
        if (digits.Length != 6 || !int.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value))
        {
            throw new ArgumentException($"'{hex}' is not a #RRGGBB colour.", nameof(hex));
        }

        return new PlotColor((byte)(value >> 16), (byte)(value >> 8), (byte)value);
    }

    /// <summary><c>#rrggbb</c>, as SVG attributes want it.</summary>
    public string ToHex() => string.Create(CultureInfo.InvariantCulture, $"#{R:x2}{G:x2}{B:x2}");

    /// <summary>Linear interpolation in sRGB between two colours; <paramref name="t"/> is clamped to 0..1.</summary>
    public static PlotColor Lerp(PlotColor a, PlotColor b, double t)
    {
        t = Math.Clamp(t, 0, 1);
        return new PlotColor(Mix(a.R, b.R, t), Mix(a.G, b.G, t), Mix(a.B, b.B, t));

        static byte Mix(byte x, byte y, double t) => (byte)Math.Round(x + ((y - x) * t));
    }
}
