using System.Globalization;

namespace CohortGrid.Slides;

/// <summary>
/// Finds a slide's microns-per-pixel. An explicit override wins (it is how users correct wrong
/// metadata); otherwise openslide.mpp-x/y, then vendor properties, then TIFF resolution tags.
/// </summary>
public static class MppResolver
{
    /// <summary>
    /// Coarsest value believed to be a real scan resolution. TIFF writers put 72 dpi (352 µm/px) or
    /// 300 dpi (85 µm/px) in files that have no physical calibration; no microscope scans that coarse.
    /// </summary>
    public const double MaxPlausibleMpp = 20.0;

    /// <summary>Finest value believed to be a real scan resolution.</summary>
    public const double MinPlausibleMpp = 0.01;

    /// <summary>Resolves mpp, or returns null when nothing usable is found.</summary>
    public static (double X, double Y, MppSource Source)? Resolve(IReadOnlyDictionary<string, string> properties, double? overrideMpp = null)
    {
        ArgumentNullException.ThrowIfNull(properties);
        if (overrideMpp is { } value)
        {
            if (!IsPlausible(value))
            {
                throw new ArgumentOutOfRangeException(
                    nameof(overrideMpp), value, $"An mpp override must lie between {MinPlausibleMpp} and {MaxPlausibleMpp} µm/px.");
            }

            return (value, value, MppSource.Override);
        }

        if (Pair(properties, "openslide.mpp-x", "openslide.mpp-y", 1.0) is { } openslide)
        {
            return (openslide.X, openslide.Y, MppSource.OpenSlide);
        }

        if (Vendor(properties) is { } vendor)
        {
            return (vendor.X, vendor.Y, MppSource.VendorProperty);
        }

        if (Tiff(properties) is { } tiff)
        {
            return (tiff.X, tiff.Y, MppSource.TiffResolution);
        }

        return null;
    }

    private static (double X, double Y)? Vendor(IReadOnlyDictionary<string, string> p)
    {
        if (Number(p, "aperio.MPP") is { } aperio && IsPlausible(aperio))
        {
            return (aperio, aperio);
        }

        if (Pair(p, "mirax.LAYER_0_LEVEL_0_SECTION.MICROMETER_PER_PIXEL_X", "mirax.LAYER_0_LEVEL_0_SECTION.MICROMETER_PER_PIXEL_Y", 1.0) is { } mirax)
        {
            return mirax;
        }

        // Philips stores DICOM pixel spacing in millimetres, row spacing first: "0.000227 0.000227".
        if (p.TryGetValue("philips.DICOM_PIXEL_SPACING", out var spacing))
        {
            var parts = spacing.Trim('"', ' ').Split([' ', '\\', '"'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && Parse(parts[1]) is { } x && Parse(parts[0]) is { } y && IsPlausible(x * 1000) && IsPlausible(y * 1000))
            {
                return (x * 1000, y * 1000);
            }
        }

        if (Number(p, "ventana.ScanRes") is { } ventana && IsPlausible(ventana))
        {
            return (ventana, ventana);
        }

        return null;
    }

    private static (double X, double Y)? Tiff(IReadOnlyDictionary<string, string> p)
    {
        var micronsPerUnit = p.GetValueOrDefault("tiff.ResolutionUnit") switch
        {
            "centimeter" => 10_000.0,
            "inch" => 25_400.0,
            _ => 0.0, // "none" or absent: the numbers are an aspect ratio, not a size.
        };
        if (micronsPerUnit == 0 || Number(p, "tiff.XResolution") is not { } xres || Number(p, "tiff.YResolution") is not { } yres || xres <= 0 || yres <= 0)
        {
            return null;
        }

        var x = micronsPerUnit / xres;
        var y = micronsPerUnit / yres;
        return IsPlausible(x) && IsPlausible(y) ? (x, y) : null;
    }

    private static (double X, double Y)? Pair(IReadOnlyDictionary<string, string> p, string xKey, string yKey, double scale)
    {
        if (Number(p, xKey) is { } x && Number(p, yKey) is { } y && IsPlausible(x * scale) && IsPlausible(y * scale))
        {
            return (x * scale, y * scale);
        }

        return null;
    }

    private static double? Number(IReadOnlyDictionary<string, string> p, string key) =>
        p.TryGetValue(key, out var text) ? Parse(text) : null;

    private static double? Parse(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) ? value : null;

    private static bool IsPlausible(double mpp) => mpp is >= MinPlausibleMpp and <= MaxPlausibleMpp;
}
