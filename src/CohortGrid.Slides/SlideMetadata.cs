using System.Globalization;

namespace CohortGrid.Slides;

/// <summary>What the cluster records about a slide before tiling it.</summary>
/// <param name="Path">The file it was read from.</param>
/// <param name="Vendor">OpenSlide's vendor name.</param>
/// <param name="Width">Level-0 width in pixels.</param>
/// <param name="Height">Level-0 height in pixels.</param>
/// <param name="Levels">Pyramid levels, level 0 first.</param>
/// <param name="MppX">Microns per level-0 pixel horizontally, when resolved.</param>
/// <param name="MppY">Microns per level-0 pixel vertically, when resolved.</param>
/// <param name="MppSource">Where the mpp came from, when resolved.</param>
/// <param name="ObjectivePower">Scanning objective magnification, when recorded.</param>
/// <param name="QuickHash">OpenSlide's quickhash-1: identifies the slide's content for caching.</param>
/// <param name="AssociatedImages">Names of associated images (thumbnail, label, macro).</param>
public sealed record SlideMetadata(
    string Path,
    string Vendor,
    long Width,
    long Height,
    IReadOnlyList<SlideLevel> Levels,
    double? MppX,
    double? MppY,
    MppSource? MppSource,
    double? ObjectivePower,
    string QuickHash,
    IReadOnlyList<string> AssociatedImages)
{
    /// <summary>Mean of MppX and MppY; throws a <see cref="SlideMppUnavailableException"/> when unresolved.</summary>
    public double Mpp => MppX is { } x && MppY is { } y ? (x + y) / 2 : throw new SlideMppUnavailableException(Path);

    /// <summary>True when an mpp was found or supplied.</summary>
    public bool HasMpp => MppX is not null;

    /// <summary>Reads metadata from an open slide, applying an optional mpp override.</summary>
    public static SlideMetadata Read(SlideImage slide, double? mppOverride = null)
    {
        ArgumentNullException.ThrowIfNull(slide);
        var mpp = MppResolver.Resolve(slide.Properties, mppOverride);
        return new SlideMetadata(
            slide.Path,
            slide.Vendor,
            slide.Width,
            slide.Height,
            slide.Levels,
            mpp?.X,
            mpp?.Y,
            mpp?.Source,
            ObjectivePowerOf(slide.Properties),
            QuickHashOf(slide),
            slide.AssociatedImageNames);
    }

    private static double? ObjectivePowerOf(IReadOnlyDictionary<string, string> p)
    {
        foreach (var key in (ReadOnlySpan<string>)["openslide.objective-power", "aperio.AppMag", "hamamatsu.SourceLens"])
        {
            if (p.TryGetValue(key, out var text) &&
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var power) && power > 0)
            {
                return power;
            }
        }

        return null;
    }

    // OpenSlide computes quickhash-1 for every slide it opens; its absence means a broken library build.
    private static string QuickHashOf(SlideImage slide) =>
        slide.Properties.GetValueOrDefault("openslide.quickhash-1")
        ?? throw new SlideOpenException(slide.Path, "OpenSlide reported no openslide.quickhash-1 property.");
}
