using System.Runtime.InteropServices;

namespace CohortGrid.Slides.Native;

/// <summary>
/// P/Invoke surface of the OpenSlide C API (libopenslide.so.0, Debian package libopenslide0).
/// Only <see cref="SlideImage"/> calls these; everything else goes through it.
/// </summary>
internal static unsafe partial class OpenSlideNative
{
    internal const string Library = "libopenslide.so.0";

    [LibraryImport(Library, EntryPoint = "openslide_open", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial OpenSlideHandle Open(string filename);

    [LibraryImport(Library, EntryPoint = "openslide_detect_vendor", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint DetectVendor(string filename);

    [LibraryImport(Library, EntryPoint = "openslide_close")]
    internal static partial void Close(nint osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_error")]
    internal static partial nint GetError(OpenSlideHandle osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_level_count")]
    internal static partial int GetLevelCount(OpenSlideHandle osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_level_dimensions")]
    internal static partial void GetLevelDimensions(OpenSlideHandle osr, int level, out long width, out long height);

    [LibraryImport(Library, EntryPoint = "openslide_get_level_downsample")]
    internal static partial double GetLevelDownsample(OpenSlideHandle osr, int level);

    [LibraryImport(Library, EntryPoint = "openslide_get_best_level_for_downsample")]
    internal static partial int GetBestLevelForDownsample(OpenSlideHandle osr, double downsample);

    [LibraryImport(Library, EntryPoint = "openslide_read_region")]
    internal static partial void ReadRegion(OpenSlideHandle osr, uint* dest, long x, long y, int level, long width, long height);

    [LibraryImport(Library, EntryPoint = "openslide_get_property_names")]
    internal static partial nint* GetPropertyNames(OpenSlideHandle osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_property_value", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint GetPropertyValue(OpenSlideHandle osr, string name);

    [LibraryImport(Library, EntryPoint = "openslide_get_associated_image_names")]
    internal static partial nint* GetAssociatedImageNames(OpenSlideHandle osr);

    [LibraryImport(Library, EntryPoint = "openslide_get_associated_image_dimensions", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void GetAssociatedImageDimensions(OpenSlideHandle osr, string name, out long width, out long height);

    [LibraryImport(Library, EntryPoint = "openslide_read_associated_image", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ReadAssociatedImage(OpenSlideHandle osr, string name, uint* dest);

    [LibraryImport(Library, EntryPoint = "openslide_get_version")]
    internal static partial nint GetVersion();

    /// <summary>Reads a NULL-terminated array of C strings (property or associated image names).</summary>
    internal static List<string> ReadStringArray(nint* array)
    {
        var result = new List<string>();
        if (array == null)
        {
            return result;
        }

        for (var p = array; *p != 0; p++)
        {
            result.Add(Marshal.PtrToStringUTF8(*p)!);
        }

        return result;
    }
}
