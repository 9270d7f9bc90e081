using System.Runtime.InteropServices;

namespace CohortGrid.Slides.Native;

/// <summary>
/// The few libtiff calls the direct tile reader needs (libtiff.so.6, which libopenslide0 already
/// depends on). TIFF* handles are not thread-safe: <see cref="TiffTileReader"/> keeps one per thread.
/// </summary>
internal static unsafe partial class LibTiffNative
{
    internal const string Library = "libtiff.so.6";

    /// <summary>TIFFTAG_JPEGCOLORMODE, a libtiff pseudo-tag: ask the JPEG codec to convert YCbCr to RGB.</summary>
    internal const uint JpegColorModeTag = 65538;

    internal const int JpegColorModeRgb = 1;

    [LibraryImport(Library, EntryPoint = "TIFFOpen", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial nint Open(string path, string mode);

    [LibraryImport(Library, EntryPoint = "TIFFClose")]
    internal static partial void Close(nint tiff);

    [LibraryImport(Library, EntryPoint = "TIFFSetDirectory")]
    internal static partial int SetDirectory(nint tiff, uint directory);

    // TIFFSetField is variadic; on the x86-64 and AArch64 Linux ABIs an int passed after the fixed
    // arguments travels exactly like a fixed int, so a fixed signature is a correct call.
    [LibraryImport(Library, EntryPoint = "TIFFSetField")]
    internal static partial int SetField(nint tiff, uint tag, int value);

    [LibraryImport(Library, EntryPoint = "TIFFReadEncodedTile")]
    internal static partial nint ReadEncodedTile(nint tiff, uint tile, void* buffer, nint size);

    [LibraryImport(Library, EntryPoint = "TIFFIsCODECConfigured")]
    internal static partial int IsCodecConfigured(ushort scheme);

    [LibraryImport(Library, EntryPoint = "TIFFSetWarningHandler")]
    internal static partial nint SetWarningHandler(nint handler);

    [LibraryImport(Library, EntryPoint = "TIFFSetErrorHandler")]
    internal static partial nint SetErrorHandler(delegate* unmanaged<nint, nint, nint, void> handler);

    [LibraryImport("libc", EntryPoint = "vsnprintf")]
    private static partial int FormatVarArgs(byte* buffer, nuint size, nint format, nint arguments);

    /// <summary>The last libtiff error raised on this thread (libtiff reports errors through a global callback).</summary>
    [ThreadStatic]
    private static string? _lastError;

    /// <summary>Routes libtiff's errors to <see cref="TakeLastError"/> instead of stderr.</summary>
    internal static void CaptureErrors() => SetErrorHandler(&OnError);

    internal static string? TakeLastError()
    {
        var error = _lastError;
        _lastError = null;
        return error;
    }

    // libtiff calls this with printf-style arguments as a va_list, which vsnprintf formats.
    [UnmanagedCallersOnly]
    private static void OnError(nint module, nint format, nint arguments)
    {
        const int Size = 512;
        var buffer = stackalloc byte[Size];
        var length = FormatVarArgs(buffer, Size, format, arguments);
        var message = length > 0 ? Marshal.PtrToStringUTF8((nint)buffer, Math.Min(length, Size - 1)) : "unknown libtiff error";
        var prefix = module == 0 ? null : Marshal.PtrToStringUTF8(module);
        _lastError = string.IsNullOrEmpty(prefix) ? message : $"{prefix}: {message}";
    }
}
