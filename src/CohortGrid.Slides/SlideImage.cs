using System.Collections.Frozen;
using System.Runtime.InteropServices;
using CohortGrid.Slides.Diagnostics;
using CohortGrid.Slides.Imaging;
using CohortGrid.Slides.Native;

namespace CohortGrid.Slides;

/// <summary>
/// An open whole-slide image. Thread-safe: OpenSlide allows concurrent reads on one handle, and the
/// managed state here is immutable after <see cref="Open"/>.
/// </summary>
public sealed class SlideImage : IDisposable
{
    /// <summary>Largest region one allocating read may return (256 Mpx = 1 GiB of ARGB).</summary>
    public const long MaxRegionPixels = 1L << 28;

    private readonly OpenSlideHandle _handle;
    private readonly TiffTileReader? _tiff;

    private SlideImage(string path, OpenSlideHandle handle, bool directTiffReads)
    {
        Path = path;
        _handle = handle;
        var levelCount = OpenSlideNative.GetLevelCount(handle);
        var levels = new SlideLevel[levelCount];
        for (var i = 0; i < levelCount; i++)
        {
            OpenSlideNative.GetLevelDimensions(handle, i, out var w, out var h);
            levels[i] = new SlideLevel(i, w, h, OpenSlideNative.GetLevelDownsample(handle, i));
        }

        Levels = levels;
        Properties = ReadProperties(handle);
        AssociatedImageNames = ReadAssociatedNames(handle);
        _tiff = directTiffReads ? TiffTileReader.TryCreate(path, Vendor, levels) : null;
    }

    /// <summary>The path the slide was opened from.</summary>
    public string Path { get; }

    /// <summary>Pyramid levels, level 0 (full resolution) first.</summary>
    public IReadOnlyList<SlideLevel> Levels { get; }

    /// <summary>All OpenSlide properties (openslide.*, vendor.*, tiff.*).</summary>
    public IReadOnlyDictionary<string, string> Properties { get; }

    /// <summary>Names of associated images (thumbnail, label, macro) the file carries.</summary>
    public IReadOnlyList<string> AssociatedImageNames { get; }

    /// <summary>Level-0 width in pixels.</summary>
    public long Width => Levels[0].Width;

    /// <summary>Level-0 height in pixels.</summary>
    public long Height => Levels[0].Height;

    /// <summary>OpenSlide's vendor name (aperio, hamamatsu, generic-tiff, ...).</summary>
    public string Vendor => Properties.GetValueOrDefault("openslide.vendor", "unknown");

    /// <summary>
    /// Which decoder serves <see cref="ReadRegion(long, long, int, int, int, Span{uint})"/>: "libtiff" for
    /// plain tiled-TIFF pyramids read directly (see <see cref="TiffTileReader"/>), "openslide" otherwise.
    /// </summary>
    public string RegionReader => _tiff is null ? "openslide" : "libtiff";

    /// <summary>Version of the native OpenSlide library in use.</summary>
    public static string LibraryVersion => Marshal.PtrToStringUTF8(OpenSlideNative.GetVersion()) ?? "unknown";

    /// <summary>
    /// Opens a slide, turning every failure into a specific <see cref="SlideException"/>.
    /// <paramref name="directTiffReads"/> lets plain tiled-TIFF slides bypass OpenSlide's slow region
    /// compositing (same pixels); turn it off to compare against OpenSlide.
    /// </summary>
    public static SlideImage Open(string path, bool directTiffReads = true)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new SlideNotFoundException(path);
        }

        var handle = OpenSlideNative.Open(path);
        if (handle.IsInvalid)
        {
            handle.Dispose();
            // OpenSlide says only "not recognised"; look at the file to tell the user what is wrong with it.
            throw SlideFileDiagnosis.Explain(path);
        }

        var error = ErrorOf(handle);
        if (error is not null)
        {
            handle.Dispose();
            throw new SlideOpenException(path, error);
        }

        return new SlideImage(path, handle, directTiffReads);
    }

    /// <summary>Level whose downsample is the largest not exceeding <paramref name="downsample"/> (OpenSlide's rule).</summary>
    public int GetBestLevelForDownsample(double downsample)
    {
        var level = OpenSlideNative.GetBestLevelForDownsample(_handle, downsample);
        return level < 0 ? 0 : level;
    }

    /// <summary>
    /// Reads a region into <paramref name="destination"/> as premultiplied ARGB (one uint per pixel,
    /// row-major). <paramref name="x"/>/<paramref name="y"/> are level-0 coordinates; width/height are in
    /// pixels of <paramref name="level"/>. No managed allocation: callers pass pooled buffers.
    /// </summary>
    public unsafe void ReadRegion(long x, long y, int level, int width, int height, Span<uint> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegative(level);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(level, Levels.Count);
        var pixels = (long)width * height;
        if (destination.Length < pixels)
        {
            throw new ArgumentException($"Destination holds {destination.Length} pixels; the region needs {pixels}.", nameof(destination));
        }

        if (_tiff is not null && LevelCoordinates(x, y, level) is { } origin)
        {
            _tiff.ReadRegion(level, origin.X, origin.Y, width, height, destination);
            return;
        }

        fixed (uint* dest = destination)
        {
            OpenSlideNative.ReadRegion(_handle, dest, x, y, level, width, height);
        }

        ThrowIfReadFailed();
    }

    /// <summary>Reads a region into a new <see cref="ArgbImage"/>; refuses regions over <see cref="MaxRegionPixels"/>.</summary>
    public ArgbImage ReadRegion(long x, long y, int level, long width, long height)
    {
        EnsureAddressable(width, height, $"region {width}x{height} at level {level}");
        var image = new ArgbImage((int)width, (int)height);
        ReadRegion(x, y, level, (int)width, (int)height, image.Pixels);
        return image;
    }

    /// <summary>Reads a whole level into memory; refuses levels over <see cref="MaxRegionPixels"/>.</summary>
    public ArgbImage ReadLevel(int level)
    {
        var l = Levels[level];
        return ReadRegion(0, 0, level, l.Width, l.Height);
    }

    /// <summary>Reads an associated image (e.g. "thumbnail", "label", "macro").</summary>
    public unsafe ArgbImage ReadAssociatedImage(string name)
    {
        if (!AssociatedImageNames.Contains(name))
        {
            throw new ArgumentException(
                $"Slide '{Path}' has no associated image '{name}' (it has: {string.Join(", ", AssociatedImageNames.DefaultIfEmpty("none"))}).",
                nameof(name));
        }

        OpenSlideNative.GetAssociatedImageDimensions(_handle, name, out var w, out var h);
        EnsureAddressable(w, h, $"associated image '{name}'");
        var image = new ArgbImage((int)w, (int)h);
        fixed (uint* dest = image.Pixels)
        {
            OpenSlideNative.ReadAssociatedImage(_handle, name, dest);
        }

        ThrowIfReadFailed();
        return image;
    }

    /// <summary>Pixel dimensions of an associated image, or null when the slide has none of that name.</summary>
    public (long Width, long Height)? GetAssociatedImageSize(string name)
    {
        if (!AssociatedImageNames.Contains(name))
        {
            return null;
        }

        OpenSlideNative.GetAssociatedImageDimensions(_handle, name, out var w, out var h);
        return (w, h);
    }

    public void Dispose()
    {
        _tiff?.Dispose();
        _handle.Dispose();
    }

    // OpenSlide maps level-0 coordinates to x / downsample and paints with a sub-pixel offset when that
    // is fractional; only whole-pixel origins are served directly so results stay identical.
    private (long X, long Y)? LevelCoordinates(long x, long y, int level)
    {
        if (level == 0)
        {
            return (x, y);
        }

        var downsample = Levels[level].Downsample;
        double lx = x / downsample, ly = y / downsample;
        long rx = (long)Math.Round(lx), ry = (long)Math.Round(ly);
        return Math.Abs(lx - rx) < 1e-9 && Math.Abs(ly - ry) < 1e-9 ? (rx, ry) : null;
    }

    private void EnsureAddressable(long width, long height, string what)
    {
        if (width <= 0 || height <= 0 || width > int.MaxValue || height > int.MaxValue || width * height > MaxRegionPixels)
        {
            throw new SlideTooLargeException(
                Path,
                $"{what} is {width}x{height} pixels; one read is limited to {MaxRegionPixels / 1_000_000} Mpx. " +
                "Read it in smaller regions or from a lower-resolution pyramid level.");
        }
    }

    private void ThrowIfReadFailed()
    {
        var error = ErrorOf(_handle);
        if (error is not null)
        {
            throw new SlideReadException(Path, error);
        }
    }

    private static string? ErrorOf(OpenSlideHandle handle)
    {
        var ptr = OpenSlideNative.GetError(handle);
        return ptr == 0 ? null : Marshal.PtrToStringUTF8(ptr);
    }

    private static unsafe FrozenDictionary<string, string> ReadProperties(OpenSlideHandle handle)
    {
        var names = OpenSlideNative.ReadStringArray(OpenSlideNative.GetPropertyNames(handle));
        var properties = new Dictionary<string, string>(names.Count, StringComparer.Ordinal);
        foreach (var name in names)
        {
            var value = OpenSlideNative.GetPropertyValue(handle, name);
            if (value != 0)
            {
                properties[name] = Marshal.PtrToStringUTF8(value)!;
            }
        }

        return properties.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static unsafe string[] ReadAssociatedNames(OpenSlideHandle handle) =>
        [.. OpenSlideNative.ReadStringArray(OpenSlideNative.GetAssociatedImageNames(handle))];
}
